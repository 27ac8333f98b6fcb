"""What the journeys share: the two screen sizes, a `walk` that screenshots every page a
persona reaches (into screenshots/journeys/, git-ignored, or $KPU_SCREENSHOTS) and, on a
phone, notes each page that scrolls sideways, and small helpers that find fields by label."""

import datetime
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.browser.screens import full_page_screenshot

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SIZES = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
ROOT = Path(__file__).resolve().parents[3]


def screenshot_folder() -> Path:
    folder = Path(os.environ.get("KPU_SCREENSHOTS") or ROOT / "screenshots" / "journeys")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class Walk:
    """One persona's walk at one screen size: `look(name)` after each page or step."""

    page: object
    prefix: str
    viewport: dict
    sideways: list[str] = field(default_factory=list)
    shots: list[Path] = field(default_factory=list)

    def look(self, name: str) -> None:
        self.page.wait_for_load_state("networkidle")
        path = screenshot_folder() / f"{self.prefix}-{self.viewport['width']}-{name}.png"
        full_page_screenshot(self.page, str(path))
        self.shots.append(path)
        width = self.page.evaluate("document.documentElement.scrollWidth")
        inner = self.page.evaluate("window.innerWidth")
        if width > inner:
            self.sideways.append(f"{name} ({self.page.url}): {width} px > {inner} px")

    def assert_no_sideways_scroll(self) -> None:
        """Every page looked at fits the screen's width (checked at the end, so one page
        that does not fit still lets the rest of the walk be seen)."""
        assert not self.sideways, "Halaman bergulir ke samping:\n" + "\n".join(self.sideways)


@pytest.fixture
def walk(request):
    """walk(page, viewport) sets the screen size and returns a Walk named after the test."""

    def _walk(page, viewport: dict) -> Walk:
        page.set_viewport_size(viewport)
        prefix = re.sub(r"[^a-z0-9]+", "-", request.node.originalname.lower()).strip("-")
        return Walk(page, prefix.removeprefix("test-"), viewport)

    return _walk


def fill_date(locator, value: datetime.date) -> None:
    """A date field, whichever widget it is: the browser's (yyyy-mm-dd) or the Indonesian
    text input (dd/mm/yyyy)."""
    if locator.get_attribute("type") == "date":
        locator.fill(value.isoformat())
    else:
        locator.fill(value.strftime("%d/%m/%Y"))


def log_in(page, live_server, username: str) -> None:
    """Sign in through the form, as a person would."""
    from tests.factories import PASSWORD

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_test_id("current-office").wait_for()


def nav(page, name: str, *, menu: str | None = None) -> None:
    """Follow the main menu's link `name` as a person would: on a phone the menu opens first
    ("Buka menu"); an item of a dropdown (`menu`, e.g. "Administrasi") opens that first."""
    toggler = page.get_by_role("button", name="Buka menu")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
    navigation = page.locator("#main-nav")
    if menu:
        navigation.get_by_role("button", name=menu).click()
    navigation.get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()
