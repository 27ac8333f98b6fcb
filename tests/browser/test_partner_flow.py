import pytest

from partners.models import Partner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_operator_sees_duplicate_then_admin_merges(
    live_server, operator, ri_admin, umpo, page, sign_in, shots
):
    sign_in(page, "operator.ponorogo")
    page.get_by_role("link", name="Mitra").first.click()
    page.get_by_role("link", name="Tambah mitra").click()
    page.get_by_label("Nama").first.fill("UNIV. MUHAMMADIYAH PONOROGO")
    # The live check (htmx) warns while typing, before anything is saved.
    page.locator("#duplicates").get_by_text("Universitas Muhammadiyah Ponorogo").wait_for()
    page.get_by_label("Kategori").select_option("UNIVERSITY")
    page.get_by_role("button", name="Simpan").click()
    page.get_by_test_id("duplicate-warning").wait_for()
    shots(page, "mitra-duplikat")
    assert Partner.objects.count() == 1
    page.get_by_role("button", name="Simpan sebagai mitra baru").click()
    page.get_by_role("alert").get_by_text("didaftarkan").wait_for()
    assert Partner.objects.count() == 2
    copy = Partner.objects.exclude(pk=umpo.pk).get()

    with page.expect_download() as download:
        page.goto(f"{live_server.url}/mitra/")
        page.get_by_role("link", name="Ekspor Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    sign_in(page, "admin.ri")
    page.goto(f"{live_server.url}{umpo.get_absolute_url()}")
    picker = page.get_by_label("Mitra duplikat yang akan digabung ke mitra ini")
    picker.fill("muhammadiyah")
    # The survivor itself is never offered; its copy is, and a click picks it.
    page.get_by_role("button", name="UNIV. MUHAMMADIYAH PONOROGO").click()
    assert picker.input_value() == "UNIV. MUHAMMADIYAH PONOROGO"
    page.get_by_role("button", name="Gabungkan").click()
    page.get_by_text("Mitra digabung.").wait_for()
    shots(page, "mitra-digabung")
    copy.refresh_from_db()
    assert copy.merged_into_id == umpo.pk
