"""Full-page screenshots that leave the page where it was."""


def full_page_screenshot(page, path: str) -> None:
    """Save a full-page screenshot, then put the scroll position back.

    For the shot Chromium lays the page out at its full height; afterwards the page shows
    the bottom, while the scroll offset it keeps is the old one until the next input. A click
    sent then pressed at the bottom's coordinates, the page jumped back on mousedown, and the
    release landed on another element ('Simpan draf' lost its click that way).
    """
    offset = page.evaluate("[scrollX, scrollY]")
    page.screenshot(path=path, full_page=True)
    page.evaluate("([x, y]) => window.scrollTo({left: x, top: y, behavior: 'instant'})", offset)
