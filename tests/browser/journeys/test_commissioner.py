"""A commissioner of KPU Kabupaten Ponorogo: signs in, reads the dashboard, follows each
headline figure that counts agreements, and finds exactly that many rows in the list."""

import re

import pytest

from tests.browser.journeys.conftest import DESKTOP, log_in, nav

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _rows(page) -> int:
    """Rows of the agreement list (the empty-list row is not a row)."""
    return page.locator("table.agreement-table tbody tr").filter(has=page.locator("a")).count()


def test_commissioner_follows_dashboard_figures_to_the_list(
    ponorogo_data, commissioner, live_server, page, walk
):
    from playwright.sync_api import expect

    walk = walk(page, DESKTOP)
    log_in(page, live_server, "komisioner.ponorogo")
    nav(page, "Dasbor")
    headline = page.get_by_test_id("headline")
    headline.wait_for()
    walk.look("dasbor")
    cards = headline.locator("a[href*='/kerja-sama/']")
    figures = [
        (
            card.locator(".small").first.inner_text().strip(),
            int(re.sub(r"\D", "", card.locator(".display-6").inner_text()) or 0),
            card.get_attribute("href"),
        )
        for card in cards.all()
    ]
    assert len(figures) >= 3, figures  # signed, in force, ending soon at least
    assert sum(value for _label, value, _href in figures) > 0
    for number, (label, value, href) in enumerate(figures, start=1):
        page.goto(f"{live_server.url}/dasbor/")
        headline.locator(f"a[href='{href}']").click()
        page.wait_for_url(re.compile(r"/kerja-sama/"))
        expect(page.get_by_test_id("agreement-count")).to_contain_text(f"{value} kerja sama")
        assert _rows(page) == value, (label, href)
        walk.look(f"daftar-{number}")
