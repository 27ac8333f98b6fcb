"""The main flow, as a new user would click it: Ponorogo drafts an NK with a university, KPU
Provinsi Jawa Timur and KPU RI verify it, Ponorogo signs it; Sleman sees none of it."""

import re

import pytest

from agreements.models import Agreement
from offices.models import Membership
from partners.models import Partner
from tests.factories import member
from tests.files import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = pdf_bytes()  # a real PDF: uploads are checked by content


@pytest.fixture
def people(operator, reviewer, outsider, ponorogo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    member("verifikator.ri", "", Membership.Role.REVIEWER)
    Partner(
        name="Universitas Muhammadiyah Ponorogo",
        short_name="UMPO",
        category=Partner.Category.UNIVERSITY,
        registered_by=ponorogo,
    ).save()
    Partner(
        name="Dinas Kependudukan dan Pencatatan Sipil Kabupaten Ponorogo",
        category=Partner.Category.LOCAL_GOVERNMENT,
        registered_by=ponorogo,
    ).save()


def _approve(page, live_server, sign_in, username: str, shots, name: str) -> None:
    sign_in(page, username)
    page.goto(f"{live_server.url}/verifikasi/")
    page.get_by_role("link", name=re.compile("Pendidikan Pemilih")).click()
    shots(page, name)
    page.get_by_label("Setujui").check()
    page.get_by_role("button", name="Simpan keputusan").click()
    page.get_by_text("Keputusan verifikasi disimpan.").wait_for()


def test_nk_drafted_verified_twice_signed_and_hidden_from_sleman(
    live_server, people, page, sign_in, shots
):
    from playwright.sync_api import expect

    sign_in(page, "operator.ponorogo")
    page.get_by_role("link", name="Kerja Sama").first.click()
    page.goto(f"{live_server.url}/kerja-sama/baru/?kind=NK")
    # The partner picker searches as the user types; the match is picked with the keyboard.
    picker = page.get_by_label("Mitra (PIHAK KEDUA)")
    picker.fill("univ muhammadiyah")
    matches = page.locator("[data-autocomplete-pick]")
    expect(matches).to_have_count(1)
    expect(matches).to_contain_text("Universitas Muhammadiyah Ponorogo")
    picker.press("ArrowDown")
    page.keyboard.press("Enter")
    assert picker.input_value() == "Universitas Muhammadiyah Ponorogo (UMPO)"
    page.get_by_label("Nama penanda tangan mitra").fill("Dr. Happy Susanto")
    page.get_by_label("Jabatan penanda tangan mitra").fill("Rektor")
    page.get_by_label("Tentang").fill("Pendidikan Pemilih dan KKN Tematik Kepemiluan")
    page.get_by_label("Nama penanda tangan KPU").fill("Ketua KPU Kabupaten Ponorogo")
    page.get_by_label("Pendidikan pemilih").check()
    page.get_by_label("Divisi penanggung jawab").select_option("PARTICIPATION")
    page.get_by_label("Tanggal mulai").fill("2025-09-11")
    page.get_by_label("Tanggal berakhir").fill("2030-09-10")
    shots(page, "01-draf-baru")
    page.get_by_role("button", name="Simpan draf").click()
    page.get_by_test_id("checklist").wait_for()
    # A third party, found by the abbreviation people use for it.
    page.get_by_text("Tambah pihak (PIHAK KETIGA dst.)").click()
    party = page.locator("#id_partner")
    party.fill("dukcapil ponorogo")
    expect(matches).to_have_count(1)
    page.get_by_role("button", name=re.compile("Dinas Kependudukan")).click()
    page.get_by_label("Nama penanda tangan mitra").fill("Kepala Dinas")
    page.get_by_label("Jabatan penanda tangan mitra").fill("Kepala Dinas")
    page.get_by_role("button", name="Tambah pihak").click()
    page.get_by_text("Pihak ditambahkan.").wait_for()
    assert "PIHAK KETIGA" in page.content()
    shots(page, "02-draf")
    page.get_by_role("button", name="Ajukan verifikasi").click()
    page.get_by_text("Diajukan untuk verifikasi.").wait_for()
    agreement = Agreement.objects.get()
    detail = f"{live_server.url}{agreement.get_absolute_url()}"

    _approve(page, live_server, sign_in, "verifikator.jatim", shots, "03-verifikasi-jatim")
    _approve(page, live_server, sign_in, "verifikator.ri", shots, "04-verifikasi-ri")

    sign_in(page, "operator.ponorogo")
    page.goto(detail)
    page.get_by_role("link", name="Catat penandatanganan").click()
    page.get_by_label("Tanggal penandatanganan").fill("2025-09-11")
    page.get_by_label("Nomor mitra").fill("012/UMPO/IX/2025")
    page.get_by_label("Pindaian naskah yang ditandatangani").set_input_files(
        files=[{"name": "naskah.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    shots(page, "05-tanda-tangan")
    page.get_by_role("button", name="Simpan penandatanganan").click()
    page.get_by_text("Penandatanganan dicatat.").wait_for()
    assert page.get_by_test_id("kpu-number").inner_text() == "1/HK.05.1-NK/3502/2025"
    assert "Berlaku" in page.get_by_test_id("agreement-status").inner_text()
    shots(page, "06-ditandatangani")

    sign_in(page, "operator.sleman")
    for path in ("", "ubah/", "tandatangani/", "akhiri/", "addendum/", "pasal/"):
        response = page.goto(f"{detail}{path}")
        assert response.status == 404, path
    attachment = agreement.attachments.get()
    response = page.goto(f"{detail}lampiran/{attachment.pk}/")
    assert response.status == 404
    page.goto(f"{live_server.url}/kerja-sama/")
    assert "KKN Tematik Kepemiluan" not in page.content()
