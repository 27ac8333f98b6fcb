"""Monev at 1366×900: the operator of KPU Kabupaten Ponorogo fills the Semester I 2026
evaluation of its NK (two activities with evidence, five scores) and submits it; KPU Provinsi
Jawa Timur returns it with a note, the operator fixes it, the province accepts it; the
operator sends the Laporan Pelaksanaan upward with a conclusion, a worker renders it, and the
province opens the sent PDF from its own report."""

import datetime
import io
import re

import pytest
from pypdf import PdfReader

from evaluations.instruments import current_instrument
from evaluations.models import Evaluation
from evaluations.services import evaluations_open_due
from tests.browser.journeys.conftest import DESKTOP, log_in, nav
from tests.factories import signed_agreement
from tests.files import PDF

pytestmark = [pytest.mark.browser, pytest.mark.celery, pytest.mark.django_db(transaction=True)]

TITLE = "Pendidikan Pemilih dan KKN Tematik Kepemiluan"
NOTE = "Lengkapi keluaran kegiatan simulasi."
CONCLUSION = "Kerja sama dengan UMPO berjalan baik dan layak dilanjutkan."


@pytest.fixture
def semester(celery_worker, operator, reviewer, umpo, ponorogo, private_media, tmp_path):
    """The signed NK and its Semester I 2026 evaluation, opened by the daily job; a PDF to
    upload as evidence."""
    nk = signed_agreement(ponorogo, partner=umpo, title=TITLE, kpu_number="1/HK.05.1-NK/3502/2026")
    evaluations_open_due(now=datetime.datetime(2026, 7, 2, 5, tzinfo=datetime.UTC))
    evidence = tmp_path / "daftar-hadir.pdf"
    evidence.write_bytes(PDF)
    return nk, Evaluation.objects.get(agreement=nk), evidence


def _add_activity(page, walk, evidence, day: str, what: str, participants: str) -> None:
    page.get_by_role("link", name="Catat kegiatan").click()
    page.get_by_role("textbox", name="Tanggal").fill(day)
    page.get_by_label("Kegiatan").fill(what)
    page.get_by_label("Tempat").fill("Aula Universitas Muhammadiyah Ponorogo")
    page.get_by_label("Peserta terjangkau").fill(participants)
    walk.look(f"kegiatan-{day[3:5]}")
    page.get_by_role("button", name="Simpan kegiatan").click()
    card = page.get_by_test_id("activity").filter(has_text=what)
    card.locator('input[type="file"]').set_input_files(str(evidence))
    card.get_by_role("button", name="Unggah bukti").click()
    page.get_by_text("Bukti daftar-hadir.pdf disimpan.").wait_for()


def _decide(page, live_server, walk, decision: str, notes: str, name: str) -> None:
    log_in(page, live_server, "verifikator.jatim")
    nav(page, "Verifikasi")
    page.get_by_test_id("queue").get_by_role("link", name=re.compile(TITLE)).click()
    walk.look(f"verifikasi-{name}")
    page.get_by_label(decision).check()
    if notes:
        page.get_by_role("textbox", name="Catatan").fill(notes)
    page.get_by_role("button", name="Simpan keputusan").click()
    page.get_by_text("Keputusan verifikasi disimpan.").wait_for()


def test_monev_filled_returned_fixed_accepted_and_reported_upward(
    semester, live_server, page, walk
):
    from playwright.sync_api import expect

    nk, evaluation, evidence = semester
    walk = walk(page, DESKTOP)
    criteria = [c.pk for c in current_instrument().criteria.all()]

    # The operator finds the overdue evaluation through the menu (the page opens on it).
    log_in(page, live_server, "operator.ponorogo")
    nav(page, "Monev")
    tabs = page.get_by_test_id("tabs")
    expect(tabs.locator('[aria-current="page"]')).to_contain_text("Terlambat")
    walk.look("monev")
    page.get_by_test_id("evaluation-table").get_by_role(
        "link", name=f"Nota Kesepahaman: {TITLE}"
    ).click()
    walk.look("evaluasi")
    _add_activity(page, walk, evidence, "10/03/2026", "Sosialisasi mahasiswa baru", "120")
    _add_activity(page, walk, evidence, "20/05/2026", "Simulasi pemungutan suara", "80")
    page.get_by_role("link", name="Isi penilaian").click()
    page.get_by_label("Berjalan", exact=True).check()
    for pk in criteria:
        page.locator(f'input[name="score_{pk}"][value="4"]').check()
        page.locator(f'textarea[name="reason_{pk}"]').fill("Kegiatan terlaksana sesuai rencana.")
    walk.look("penilaian")
    page.get_by_role("button", name="Simpan draf").click()
    assert page.get_by_test_id("score").inner_text() == "80,00"
    walk.look("evaluasi-draf")
    page.get_by_role("button", name="Ajukan verifikasi").click()
    expect(page.get_by_test_id("evaluation-state")).to_have_text("Diajukan")

    # Returned with a note; the operator reads it, fixes the activity and submits again.
    _decide(page, live_server, walk, "Kembalikan dengan catatan", NOTE, "kembali")
    log_in(page, live_server, "operator.ponorogo")
    page.goto(f"{live_server.url}{evaluation.get_absolute_url()}")
    expect(page.get_by_test_id("return-notes")).to_contain_text(NOTE)
    walk.look("dikembalikan")
    card = page.get_by_test_id("activity").filter(has_text="Simulasi pemungutan suara")
    card.get_by_role("link", name="Ubah").click()
    page.get_by_label("Keluaran").fill("Berita acara simulasi dan 80 surat suara latihan")
    page.get_by_role("button", name="Simpan kegiatan").click()
    page.get_by_role("button", name="Ajukan verifikasi").click()
    expect(page.get_by_test_id("evaluation-state")).to_have_text("Diajukan")

    # Accepted: the page and the state say "Diterima".
    _decide(page, live_server, walk, "Setujui", "", "terima")
    log_in(page, live_server, "operator.ponorogo")
    page.goto(f"{live_server.url}{evaluation.get_absolute_url()}")
    expect(page.get_by_test_id("evaluation-state")).to_have_text("Diterima")
    walk.look("diterima")

    # The Laporan for Semester I 2026, sent to KPU Provinsi Jawa Timur with a conclusion.
    nav(page, "Monev")
    page.get_by_role("link", name="Laporan pelaksanaan").click()
    page.get_by_label("Tahun").fill("2026")
    page.get_by_label("Periode").select_option(label="Semester I (Januari–Juni)")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.get_by_test_id("report-table")).to_contain_text(TITLE)
    page.get_by_test_id("report-submit").get_by_role("textbox").fill(CONCLUSION)
    walk.look("laporan")
    page.get_by_role("button", name="Kirim ke KPU Provinsi Jawa Timur").click()
    page.get_by_text("Laporan dikirim ke KPU Provinsi Jawa Timur.").wait_for()
    sent = page.get_by_role("link", name="Unduh PDF yang dikirim")
    sent.wait_for(timeout=60_000)  # rendered by the worker; the status is polled
    walk.look("laporan-terkirim")

    # The province finds it from its own report: the Ponorogo row, the sent PDF.
    log_in(page, live_server, "verifikator.jatim")
    nav(page, "Monev")
    page.get_by_role("link", name="Laporan pelaksanaan").click()
    page.get_by_label("Tahun").fill("2026")
    page.get_by_label("Periode").select_option(label="Semester I (Januari–Juni)")
    page.get_by_role("button", name="Tampilkan").click()
    walk.look("laporan-provinsi")
    page.get_by_test_id("report-offices").get_by_role("link", name="KPU Kabupaten Ponorogo").click()
    expect(page.get_by_test_id("report-status")).to_contain_text(
        "Dikirim ke KPU Provinsi Jawa Timur"
    )
    walk.look("laporan-ponorogo-diterima-provinsi")
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh PDF yang dikirim").click()
    with open(download.value.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert TITLE in text and "80,00" in text and CONCLUSION in text
    assert "Simulasi pemungutan suara" in text
