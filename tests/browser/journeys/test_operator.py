"""The operator of KPU Kabupaten Ponorogo, from a partner typed with a typo to the final PDF of
a signed PKS, as one person would click it (the provincial reviewer steps in twice), at
1366×900 and at 390×844; on the phone no page may scroll sideways."""

import io
import re

import pytest
from pypdf import PdfReader

from agreements.models import Agreement
from partners.models import Partner
from tests.browser.journeys.conftest import SIZES, fill_date, log_in, nav
from tests.files import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.celery, pytest.mark.django_db(transaction=True)]

TITLE = "Magang Mahasiswa dan Pendidikan Pemilih Pemula"
# What the drafter writes in place of each bracketed placeholder of the PKS template.
FILLS = {
    "uraian kegiatan pertama": "penempatan mahasiswa magang pada Sekretariat KPU",
    "uraian kegiatan kedua": "sosialisasi kepemiluan bagi pemilih pemula di kampus",
    "uraian kegiatan": "kegiatan sosialisasi bersama",
}
CONTACT = "Kepala Subbagian Teknis, telepon (0352) 481234, surel kerjasama@example.org"


@pytest.fixture
def world(celery_worker, operator, reviewer, ponorogo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    umpo = Partner(
        name="Universitas Muhammadiyah Ponorogo",
        short_name="UMPO",
        category=Partner.Category.UNIVERSITY,
        registered_by=ponorogo,
        leader_title="Rektor",
    )
    umpo.save()
    return umpo


def _fill_text(placeholder: str) -> str:
    inner = placeholder.strip("[]{} ")
    return FILLS.get(inner, CONTACT if "telepon" in inner else f"isian {inner}")


def _fill_every_placeholder(page, walk) -> int:
    """Open each Pasal that still shows a marked placeholder, replace them, save; returns how
    many Pasal were edited."""
    edited = 0
    clauses = page.get_by_test_id("clauses")
    while True:
        marked = clauses.locator("article").filter(has=page.locator("mark.placeholder"))
        if marked.count() == 0:
            return edited
        article = marked.first
        article.get_by_role("link", name="Ubah").click()
        body = _editor(page).get_by_label("Isi pasal")
        text = re.sub(r"\[[^\[\]\n]+\]", lambda m: _fill_text(m.group(0)), body.input_value())
        body.fill(text)
        if edited == 0:
            walk.look("pasal-diubah")
        _save_clause(page, body)
        edited += 1
        assert edited < 20, "isian tidak berkurang"


def _editor(page):
    """The Pasal open for editing (its form replaces the Pasal, htmx)."""
    heading = page.get_by_role("heading", name=re.compile(r"^Ubah Pasal"))
    return page.get_by_test_id("clauses").locator("article").filter(has=heading)


def _save_clause(page, body) -> None:
    _editor(page).get_by_role("button", name="Simpan").click()
    _editor(page).wait_for(state="detached")


def _decide(page, live_server, walk, decision: str, notes: str, name: str) -> None:
    """The provincial reviewer opens the PKS from the queue and records a decision."""
    log_in(page, live_server, "verifikator.jatim")
    nav(page, "Verifikasi")
    walk.look(f"{name}-antrean")
    page.get_by_test_id("queue").get_by_role("link", name=re.compile("Magang Mahasiswa")).click()
    page.get_by_role("heading", name="Pratinjau naskah").wait_for()
    walk.look(f"{name}-verifikasi")
    page.get_by_label(decision).check()
    if notes:
        page.get_by_role("textbox", name="Catatan").fill(notes)
    page.get_by_role("button", name="Simpan keputusan").click()
    page.get_by_text("Keputusan verifikasi disimpan.").wait_for()
    walk.look(f"{name}-diputuskan")


@SIZES
def test_operator_typo_partner_is_warned_and_the_existing_one_used(
    world, live_server, page, walk, viewport
):
    """One letter missing: warned while typing and on saving; the picker finds the existing
    partner by the misspelt name, and no second partner is registered."""
    from playwright.sync_api import expect

    walk = walk(page, viewport)
    log_in(page, live_server, "operator.ponorogo")
    nav(page, "Mitra")
    walk.look("mitra")
    page.goto(f"{live_server.url}/mitra/baru/")
    page.get_by_label("Nama*", exact=True).fill("Universitas Muhamadiyah Ponorogo")
    expect(page.locator("#duplicates")).to_contain_text("Universitas Muhammadiyah Ponorogo")
    walk.look("mitra-mirip")
    page.get_by_label("Kategori*", exact=True).select_option("UNIVERSITY")
    page.get_by_role("button", name="Simpan").click()
    warning = page.get_by_test_id("duplicate-warning")
    expect(warning).to_contain_text("Universitas Muhammadiyah Ponorogo")
    walk.look("mitra-peringatan")
    # The operator leaves the form and uses the registered partner in a new draft.
    page.goto(f"{live_server.url}/kerja-sama/baru/?kind=PKS")
    page.get_by_label("Mitra (PIHAK KEDUA)").fill("muhamadiyah")
    page.get_by_role("button", name=re.compile("Universitas Muhammadiyah Ponorogo")).click()
    walk.look("draf-mitra-dipilih")
    assert Partner.objects.count() == 1
    if viewport["width"] < 500:
        walk.assert_no_sideways_scroll()


@SIZES
def test_operator_pks_from_template_to_final_pdf(world, live_server, page, walk, viewport):
    from playwright.sync_api import expect

    walk = walk(page, viewport)
    log_in(page, live_server, "operator.ponorogo")
    walk.look("beranda")
    nav(page, "Kerja Sama")
    walk.look("daftar")

    # A PKS draft from the template, with the existing partner.
    page.goto(f"{live_server.url}/kerja-sama/baru/?kind=PKS")
    picker = page.get_by_label("Mitra (PIHAK KEDUA)")
    picker.fill("muhammadiyah ponorogo")
    page.get_by_role("button", name=re.compile("Universitas Muhammadiyah Ponorogo")).click()
    page.get_by_label("Nama penanda tangan mitra").fill("Dr. Happy Susanto, M.A.")
    page.get_by_label("Jabatan penanda tangan mitra").fill("Rektor")
    page.get_by_label("Tentang").fill(TITLE)
    page.get_by_label("Nama penanda tangan KPU").fill("Sri Wahyuni, S.H.")
    page.get_by_label("Pendidikan pemilih").check()
    page.get_by_label("Divisi penanggung jawab").select_option("PARTICIPATION")
    fill_date(page.get_by_label("Tanggal mulai"), _date(2026, 1, 5))
    fill_date(page.get_by_label("Tanggal berakhir"), _date(2027, 1, 4))
    walk.look("draf-baru")
    page.get_by_role("button", name="Simpan draf").click()
    checklist = page.get_by_test_id("checklist")
    checklist.wait_for()
    walk.look("draf")
    submit = page.get_by_role("button", name="Ajukan verifikasi")
    expect(submit).to_be_disabled()  # the template's placeholders are still there

    # Every placeholder filled, Pasal by Pasal; the checklist turns green.
    assert _fill_every_placeholder(page, walk) >= 2
    page.reload()
    expect(checklist).not_to_contain_text("✘")
    walk.look("daftar-periksa-lolos")
    submit.click()
    page.get_by_text("Diajukan untuk verifikasi.").wait_for()
    walk.look("diajukan")
    agreement = Agreement.objects.get(title=TITLE)
    detail = f"{live_server.url}{agreement.get_absolute_url()}"

    # Returned with a note; the operator reads it, fixes the Pasal and submits again.
    note = "Lengkapi narahubung PIHAK KEDUA dengan nama pejabatnya."
    _decide(page, live_server, walk, "Kembalikan dengan catatan", note, "kembali")
    log_in(page, live_server, "operator.ponorogo")
    page.goto(detail)
    expect(page.get_by_test_id("return-notes")).to_contain_text(note)
    walk.look("dikembalikan")
    clause = page.get_by_test_id("clauses").locator("article", has_text="Narahubung")
    clause.get_by_role("link", name="Ubah").click()
    body = _editor(page).get_by_label("Isi pasal")
    body.fill(body.input_value().replace("PIHAK KEDUA: Kepala", "PIHAK KEDUA: Dr. Rina, Kepala"))
    _save_clause(page, body)
    page.reload()
    page.get_by_role("button", name="Ajukan verifikasi").click()
    page.get_by_text("Diajukan untuk verifikasi.").wait_for()
    _decide(page, live_server, walk, "Setujui", "", "setuju")

    # Signed with the scan; the worker renders the final PDF, which is downloaded.
    log_in(page, live_server, "operator.ponorogo")
    page.goto(detail)
    page.get_by_role("link", name="Catat penandatanganan").click()
    signed_on = page.get_by_label("Tanggal penandatanganan")
    if not signed_on.input_value():
        fill_date(signed_on, _date(2026, 1, 5))
    page.get_by_label("Tempat penandatanganan").fill("Ponorogo")
    page.get_by_label("Nomor mitra").fill("045/UMPO/I/2026")
    page.get_by_label("Pindaian naskah yang ditandatangani").set_input_files(
        files=[{"name": "naskah.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    walk.look("tanda-tangan")
    page.get_by_role("button", name="Simpan penandatanganan").click()
    page.get_by_text("Penandatanganan dicatat.").wait_for()
    panel = page.get_by_test_id("document-panel")
    final = panel.locator("li", has_text="Final").get_by_role("link", name="Unduh PDF")
    final.wait_for(timeout=60_000)
    walk.look("ditandatangani")
    with page.expect_download() as download:
        final.click()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(_read(download.value))).pages)
    number = page.get_by_test_id("kpu-number").inner_text()
    flat = " ".join(text.split())
    assert number in flat
    assert "UNIVERSITAS MUHAMMADIYAH PONOROGO" in flat.upper()
    assert "sosialisasi kepemiluan bagi pemilih pemula" in flat
    assert "[" not in flat
    if viewport["width"] < 500:
        walk.assert_no_sideways_scroll()


def _date(year: int, month: int, day: int):
    import datetime

    return datetime.date(year, month, day)


def _read(download) -> bytes:
    with open(download.path(), "rb") as handle:
        return handle.read()
