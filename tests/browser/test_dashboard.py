"""A province commissioner in Chromium: signs in, lands on the dashboard, sees the charts
drawn, follows the overdue figure to the monev list; the same on a phone without sideways
scrolling. Screenshots go to $KPU_SCREENSHOTS when set (else a temporary folder)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def _chart_pixels(page) -> int:
    """How many non-transparent pixels the first chart canvas holds."""
    return page.evaluate(
        """() => {
          const canvas = document.querySelector('canvas[data-chart]');
          const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          let drawn = 0;
          for (let i = 3; i < data.length; i += 4) if (data[i] > 0) drawn++;
          return drawn;
        }"""
    )


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.evaluate("window.innerWidth"), width


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
def test_commissioner_lands_on_dashboard_and_follows_overdue(
    ponorogo_data, jatim_commissioner, live_server, page, shots, viewport
):
    from tests.factories import PASSWORD

    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/masuk/")
    page.get_by_label("Nama pengguna").fill("komisioner.jatim")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{live_server.url}/dasbor/")
    page.get_by_test_id("headline").wait_for()
    page.wait_for_function("() => typeof Chart !== 'undefined'")
    page.wait_for_timeout(300)
    assert _chart_pixels(page) > 500
    assert page.get_by_test_id("overdue").inner_text().strip().endswith("1")
    shots(page, f"dashboard-jatim-{viewport['width']}")
    if viewport == PHONE:
        _no_sideways_scroll(page)
    page.get_by_test_id("overdue").click()
    page.wait_for_url("**/monev/kantor/**tab=overdue**")
    assert "NK pendidikan pemilih" in page.content()
    shots(page, f"dashboard-overdue-{viewport['width']}")
    if viewport == PHONE:
        _no_sideways_scroll(page)
