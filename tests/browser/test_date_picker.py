"""The date fields in Chromium (core/widgets.py DatePickerInput, static/js/datepicker.js): the
calendar button opens a month grid, a picked day is written as dd/mm/yyyy and saved; Escape
closes the grid; without JavaScript the button stays hidden and a typed date saves; the open
calendar passes axe at both widths."""

import datetime
import re

import pytest

from tests.browser.axe import BLOCKING, axe_violations
from tests.browser.journeys.conftest import DESKTOP, PHONE, screenshot_folder
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def draft(make_draft):
    """A complete NK draft of Ponorogo: starts 11/09/2025, ends 10/09/2030."""
    return make_draft("NK")


def _edit(page, live_server, draft) -> None:
    page.goto(f"{live_server.url}{draft.get_absolute_url()}ubah/")
    page.get_by_role("heading", name=re.compile("Ubah draf")).wait_for()


def _end_date_group(page):
    return page.locator("[data-datepicker-group]").filter(has=page.locator('[name="end_date"]'))


def _save(page, draft) -> None:
    page.get_by_role("button", name="Simpan draf").click()
    page.get_by_text("Draf disimpan.").wait_for()
    draft.refresh_from_db()


def test_calendar_picks_a_day_written_as_dd_mm_yyyy_and_saved(draft, live_server, page, sign_in):
    page.set_viewport_size(DESKTOP)
    sign_in(page, "operator.ponorogo")
    _edit(page, live_server, draft)
    group = _end_date_group(page)
    field = group.get_by_role("textbox")
    toggle = group.get_by_role("button", name="Pilih tanggal dari kalender")
    assert field.input_value() == "10/09/2030"
    # The button shows a drawn icon (an emoji needs a font the office PC may not have).
    assert toggle.locator("svg").bounding_box()["width"] >= 14

    toggle.click()
    calendar = group.get_by_role("dialog")
    assert calendar.locator("strong").inner_text() == "September 2030"
    assert toggle.get_attribute("aria-expanded") == "true"
    # Weeks start on Monday; the chosen day is marked and focused.
    assert calendar.locator("th").first.inner_text().lower().startswith("sen")
    chosen = calendar.locator("button.btn-primary")
    assert chosen.inner_text() == "10"
    assert chosen.evaluate("el => getComputedStyle(el).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert chosen.evaluate("el => el === document.activeElement")

    calendar.get_by_role("button", name="Bulan sebelumnya").click()
    calendar = group.get_by_role("dialog")
    assert calendar.locator("strong").inner_text() == "Agustus 2030"
    calendar.get_by_role("button", name=re.compile(r"\b20 Agustus 2030$")).click()
    assert field.input_value() == "20/08/2030"
    assert group.get_by_role("dialog").count() == 0
    assert toggle.get_attribute("aria-expanded") == "false"

    # Escape closes the grid and gives the focus back to the button; nothing is picked.
    toggle.click()
    group.get_by_role("dialog").wait_for()
    page.keyboard.press("Escape")
    assert group.get_by_role("dialog").count() == 0
    assert toggle.evaluate("el => el === document.activeElement")
    assert field.input_value() == "20/08/2030"

    _save(page, draft)
    assert draft.end_date == datetime.date(2030, 8, 20)
    assert draft.start_date == datetime.date(2025, 9, 11)


def test_without_javascript_the_button_stays_hidden_and_a_typed_date_saves(
    draft, live_server, page
):
    context = page.context.browser.new_context(
        java_script_enabled=False, locale="id-ID", viewport=PHONE
    )
    try:
        plain = context.new_page()
        plain.set_default_timeout(15_000)
        plain.goto(f"{live_server.url}/masuk/")
        plain.get_by_label("Nama pengguna").fill("operator.ponorogo")
        plain.get_by_label("Kata sandi").fill(PASSWORD)
        plain.get_by_role("button", name="Masuk").click()
        plain.get_by_test_id("current-office").wait_for()
        _edit(plain, live_server, draft)
        toggles = plain.locator("[data-datepicker-toggle]")
        assert toggles.count() >= 2  # start and end date
        for index in range(toggles.count()):
            assert toggles.nth(index).is_hidden()
        start = plain.locator("[data-datepicker-group]").filter(
            has=plain.locator('[name="start_date"]')
        )
        start.get_by_role("textbox").fill("05/12/2026")
        start.scroll_into_view_if_needed()
        plain.screenshot(path=str(screenshot_folder() / "date-picker-390-tanpa-js.png"))
        _save(plain, draft)
    finally:
        context.close()
    assert draft.start_date == datetime.date(2026, 12, 5)
    assert draft.end_date == datetime.date(2030, 9, 10)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
def test_open_calendar_has_no_serious_or_critical_axe_violations(
    draft, live_server, page, sign_in, viewport
):
    page.set_viewport_size(viewport)
    sign_in(page, "operator.ponorogo")
    _edit(page, live_server, draft)
    group = _end_date_group(page)
    group.get_by_role("button", name="Pilih tanggal dari kalender").click()
    group.get_by_role("dialog").wait_for()
    group.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_folder() / f"date-picker-{viewport['width']}-kalender.png"))
    # The grid opens inside the screen: the page does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    violations = axe_violations(page)
    print("\naxe kalender", viewport["width"], [(v["impact"], v["id"]) for v in violations])
    assert [v for v in violations if v["impact"] in BLOCKING] == []
