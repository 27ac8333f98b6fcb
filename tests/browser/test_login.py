import pytest

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_operator_logs_in_and_sees_office_with_wib(live_server, operator, page, tmp_path):
    page.goto(f"{live_server.url}/")
    assert "/masuk/" in page.url
    page.get_by_label("Nama pengguna").fill("operator.ponorogo")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    header = page.get_by_test_id("current-office")
    header.wait_for()
    assert "KPU Kabupaten Ponorogo" in header.inner_text()
    assert "WIB" in header.inner_text()
    page.screenshot(path=str(tmp_path / "beranda.png"), full_page=True)


def test_csp_blocks_nothing_on_the_office_directory(live_server, operator, page):
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{live_server.url}/masuk/")
    page.get_by_label("Nama pengguna").fill("operator.ponorogo")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_test_id("current-office").wait_for()
    page.goto(f"{live_server.url}/kantor/")
    assert page.get_by_role("link", name="KPU Kabupaten Ponorogo").first.is_visible()
    assert page.evaluate("typeof htmx") == "object"
    assert page.evaluate("typeof bootstrap") == "object"
    assert not [e for e in errors if "Content Security Policy" in e], errors
