"""Playwright driving Debian's Chromium (found on PATH; a browser is never downloaded)."""

import os
import shutil

import pytest

from tests.browser.screens import full_page_screenshot

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium_path() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail("Chromium tidak ditemukan di PATH; di CI uji peramban wajib berjalan.")
    pytest.skip("Chromium tidak ditemukan di PATH (apt-get install chromium).")


@pytest.fixture
def page(monkeypatch, tmp_path):
    """A Chromium page. Request it after the fixtures that write to the database.

    Playwright's sync API runs an event loop in this thread, and Django keeps a separate
    connection per event-loop context: data written once the page exists would travel on a
    second connection that outlives the test.
    """
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    executable = _chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        # ORM calls made by the test body while Playwright ran used a connection of their own
        # (see the docstring); close it here, still inside that context.
        from django.db import connections

        connections.close_all()
        context.close()
        browser.close()


@pytest.fixture
def sign_in(live_server):
    """sign_in(page, username) starts a fresh session as `username`."""

    def _sign_in(page, username: str) -> None:
        from tests.factories import PASSWORD

        page.context.clear_cookies()
        page.goto(f"{live_server.url}/masuk/")
        page.get_by_label("Nama pengguna").fill(username)
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        page.get_by_test_id("current-office").wait_for()

    return _sign_in


@pytest.fixture
def shots(tmp_path):
    """shots(page, name) saves a full-page screenshot (under KPU_SCREENSHOTS if set)."""
    folder = os.environ.get("KPU_SCREENSHOTS") or str(tmp_path)
    os.makedirs(folder, exist_ok=True)

    def _shot(page, name: str) -> None:
        full_page_screenshot(page, os.path.join(folder, f"{name}.png"))

    return _shot
