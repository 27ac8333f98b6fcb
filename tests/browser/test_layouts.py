"""Layouts in Chromium (issue 15): the agreement list fits a 1366 px office screen as KPU RI's
admin (one-line navbar, titles in two lines, columns chosen per user) and no list scrolls
sideways on a 390 px phone (cards instead of wide tables, filters folded away, chips).
Screenshots go to $KPU_SCREENSHOTS when set (else a temporary folder)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
LONG_TITLE = (
    "Kerja Sama Pendidikan Pemilih, Sosialisasi Tahapan Pemilihan Umum dan Pemilihan Kepala "
    "Daerah, Pengabdian Masyarakat melalui Kuliah Kerja Nyata Tematik Kepemiluan, serta "
    "Pemanfaatan Data dan Informasi Kepemiluan bagi Penelitian Mahasiswa dan Dosen"
)


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.evaluate("window.innerWidth"), (page.url, width)


def _long_titles(ponorogo_data) -> None:
    from agreements.models import Agreement

    Agreement.objects.filter(pk__in=[a.pk for a in ponorogo_data.values()]).update(title=LONG_TITLE)


def test_agreement_list_fits_1366_for_the_national_admin(
    ponorogo_data, ri_admin, live_server, page, sign_in, shots
):
    _long_titles(ponorogo_data)
    page.set_viewport_size(DESKTOP)
    sign_in(page, "admin.ri")
    page.goto(f"{live_server.url}/kerja-sama/")
    # The admin pages sit in one menu: the navbar is one line (it wrapped to three).
    assert page.locator(".app-header").bounding_box()["height"] < 70
    _no_sideways_scroll(page)
    box = page.locator(".table-responsive").first
    assert box.evaluate("e => e.scrollWidth <= e.clientWidth"), "the table scrolls inside"
    title = page.locator("td.col-title a").first
    assert title.get_attribute("title") == LONG_TITLE
    line = float(title.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
    assert title.bounding_box()["height"] <= 2 * line + 2  # two lines, however long
    shots(page, "agreement-list-admin-ri-1366")

    # The column menu: hide "Kantor", and it stays hidden on the next visit.
    page.get_by_test_id("column-menu").click()
    page.get_by_role("checkbox", name="Kantor", exact=True).uncheck()
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state()
    headers = page.locator("table.agreement-table thead th").all_inner_texts()
    assert "Kantor" not in [h.strip() for h in headers]
    page.goto(f"{live_server.url}/kerja-sama/?kind=PKS")
    headers = page.locator("table.agreement-table thead th").all_inner_texts()
    assert "Kantor" not in [h.strip() for h in headers] and "Tentang" in headers


def test_filters_fold_away_on_a_phone_and_chips_remove_them(
    ponorogo_data, operator, live_server, page, sign_in, shots
):
    page.set_viewport_size(PHONE)
    sign_in(page, "operator.ponorogo")
    page.goto(f"{live_server.url}/kerja-sama/?kind=PKS&state=SIGNED")
    filters = page.locator("#agreement-filters")
    assert not filters.is_visible()
    # The first result shows on the first screen.
    assert page.locator("table.agreement-table tbody tr").first.bounding_box()["y"] < 844
    _no_sideways_scroll(page)
    shots(page, "agreement-list-phone-chips-390")
    page.get_by_test_id("kind-chip").click()
    page.wait_for_url("**/kerja-sama/?state=SIGNED")
    assert page.get_by_test_id("kind-chip").count() == 0
    page.get_by_test_id("filter-toggle").click()
    page.wait_for_selector("#agreement-filters.collapse.show")  # opened, animation done
    assert filters.get_by_label("Jenis").is_visible()
    shots(page, "agreement-list-phone-filters-390")


@pytest.mark.parametrize(
    "username, path",
    [
        ("verifikator.jatim", "/kerja-sama/"),
        ("verifikator.jatim", "/monev/?tab=overdue&cakupan=jajaran"),
        ("verifikator.jatim", "/monev/laporan/{jatim}/"),
        ("verifikator.jatim", "/verifikasi/"),
        ("operator.ponorogo", "/monev/"),
        ("operator.ponorogo", "/mitra/"),
        ("admin.ri", "/pengguna/"),
        ("admin.ri", "/kantor/"),  # 553 offices: the page links wrap
    ],
)
def test_no_page_scrolls_sideways_on_a_phone(
    ponorogo_data, reviewer, ri_admin, jatim, username, path, live_server, page, sign_in, shots
):
    _long_titles(ponorogo_data)
    page.set_viewport_size(PHONE)
    sign_in(page, username)
    page.goto(live_server.url + path.format(jatim=jatim.pk))
    page.locator("table").first.wait_for()
    _no_sideways_scroll(page)
    name = path.strip("/").split("?")[0].replace("/", "-").replace("{jatim}", "jatim")
    shots(page, f"phone-{username}-{name}-390")


def _stacked(table) -> bool:
    """Whether the table's rows are cards (display: block); stacked or not, the table needs
    no scroll box of its own."""
    box = table.evaluate("t => [t.parentElement.scrollWidth, t.parentElement.clientWidth]")
    assert box[0] <= box[1], f"the table scrolls inside its box: {box}"
    return table.evaluate("t => getComputedStyle(t.querySelector('tbody tr')).display") == "block"


def _label_of(cell) -> str:
    return cell.evaluate("c => getComputedStyle(c, '::before').content").strip('"')


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1366"])
def test_dashboard_and_oversight_tables_stack_on_a_phone(
    ponorogo_data, jatim_commissioner, live_server, page, sign_in, shots, viewport
):
    page.set_viewport_size(viewport)
    phone = viewport == PHONE
    sign_in(page, "komisioner.jatim")
    page.goto(f"{live_server.url}/dasbor/")
    expiring = page.get_by_test_id("expiring-list")
    assert "PKS pengamanan" in expiring.inner_text()
    assert _stacked(expiring) is phone
    if phone:
        assert _label_of(expiring.locator("tbody td").nth(2)) == "Mitra"
    _no_sideways_scroll(page)
    shots(page, f"dashboard-komisioner-jatim-{viewport['width']}")

    page.goto(f"{live_server.url}/dasbor/pengawasan/")
    oversight = page.get_by_test_id("oversight-table")
    ponorogo = oversight.locator('tr[data-office="35.02"]')
    assert "KPU Kabupaten Ponorogo" in ponorogo.inner_text()
    assert _stacked(oversight) is phone
    if phone:
        signed = ponorogo.locator('td[data-column="signed"]')
        assert _label_of(signed) == "Ditandatangani"
        assert signed.inner_text().strip() == "3"  # the NK and both PKS (one ended early)
    _no_sideways_scroll(page)
    shots(page, f"oversight-komisioner-jatim-{viewport['width']}")


@pytest.mark.parametrize(
    "path, button",
    [("/monev/laporan/{pk}/", "Tampilkan"), ("/monev/kantor/{pk}/", "Buka")],
    ids=["laporan", "monev"],
)
def test_report_period_fields_fit_a_phone(
    ponorogo_data, ponorogo, live_server, page, sign_in, shots, path, button
):
    """The Laporan's period (on its page and in the monev page's card): the year shows its
    four digits, the period its name, the button stays on the screen."""
    page.set_viewport_size(PHONE)
    sign_in(page, "operator.ponorogo")
    page.goto(live_server.url + path.format(pk=ponorogo.pk))
    period = page.get_by_test_id("report-period")
    year = period.get_by_label("Tahun")
    # Four digits and the field's padding fit: the year is not cut ("202").
    assert year.evaluate("e => e.scrollWidth <= e.clientWidth")
    assert year.bounding_box()["width"] >= 96
    semester = period.get_by_label("Periode")
    assert semester.bounding_box()["width"] >= 200  # "Semester II (Juli–Desember)" was cut
    box = period.get_by_role("button", name=button).bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"]
    _no_sideways_scroll(page)
    shots(page, f"{path.split('/')[2]}-operator-ponorogo-390")


def test_partner_short_name_keeps_its_space_in_a_stacked_row(
    ponorogo_data, operator, live_server, page, sign_in
):
    """In a card the name cell is laid out as a table: the space before "(UMPO)" sits inside
    the short name's span, where it cannot be dropped as table whitespace."""
    page.set_viewport_size(PHONE)
    sign_in(page, "operator.ponorogo")
    page.goto(f"{live_server.url}/mitra/")
    row = page.locator("tbody tr").filter(has_text="UMPO")
    assert "Ponorogo (UMPO)" in row.locator("td").first.inner_text()


def test_oversight_of_the_provinces_fits_1366(ri_admin, live_server, page, sign_in, shots):
    """KPU RI's oversight lists the 38 provinces, some with long names, in one table that
    needs no scroll of its own."""
    page.set_viewport_size(DESKTOP)
    sign_in(page, "admin.ri")
    page.goto(f"{live_server.url}/dasbor/pengawasan/")
    oversight = page.get_by_test_id("oversight-table")
    assert "Kepulauan Bangka Belitung" in oversight.inner_text()
    assert _stacked(oversight) is False
    _no_sideways_scroll(page)
    shots(page, "oversight-admin-ri-1366")
