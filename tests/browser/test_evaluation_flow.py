"""The monev flow in Chromium, as a new user would try it: Ponorogo evaluates the first
semester of its NK with two activities and evidence, KPU Provinsi Jawa Timur returns it once
and accepts it the second time, and Ponorogo downloads its implementation report.

Screenshots go to $KPU_SCREENSHOTS when set (else a temporary folder)."""

import datetime
import os

import pytest

from evaluations.instruments import current_instrument
from evaluations.models import Evaluation
from evaluations.services import evaluations_open_due
from tests.factories import signed_agreement
from tests.files import PDF, pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _files_in_tmp(private_media):
    """See tests/conftest.py::private_media."""


@pytest.fixture
def flow_data(operator, reviewer, umpo, ponorogo, tmp_path):
    """The signed NK and its Semester I 2026 evaluation, opened by the daily job."""
    nk = signed_agreement(
        ponorogo,
        partner=umpo,
        title="Pendidikan Pemilih dan KKN Tematik Kepemiluan",
        kpu_number="1/HK.05.1-NK/3502/2026",
    )
    evaluations_open_due(now=datetime.datetime(2026, 7, 2, 5, tzinfo=datetime.UTC))
    evidence = tmp_path / "daftar-hadir.pdf"
    evidence.write_bytes(PDF)
    criteria = [c.pk for c in current_instrument().criteria.all()]
    return nk, Evaluation.objects.get(agreement=nk), evidence, criteria


def test_evaluate_return_accept_and_report(live_server, flow_data, page, sign_in, shots, tmp_path):
    base = live_server.url
    nk, evaluation, evidence, criteria = flow_data
    page.set_viewport_size({"width": 1280, "height": 900})
    csp_errors: list[str] = []
    page.on(
        "console",
        lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None,
    )

    def add_activity(day: str, what: str, participants: str) -> None:
        page.get_by_role("link", name="Catat kegiatan").click()
        page.get_by_role("textbox", name="Tanggal").fill(day)
        page.get_by_label("Kegiatan").fill(what)
        page.get_by_label("Tempat").fill("Aula Universitas Muhammadiyah Ponorogo")
        page.get_by_label("Peserta terjangkau").fill(participants)
        page.get_by_role("button", name="Simpan kegiatan").click()
        card = page.get_by_test_id("activity").filter(has_text=what)
        card.locator('input[type="file"]').set_input_files(str(evidence))
        card.get_by_role("button", name="Unggah bukti").click()
        page.get_by_text("Bukti daftar-hadir.pdf disimpan.").wait_for()

    # The operator finds the overdue evaluation through the menu.
    sign_in(page, "operator.ponorogo")
    page.get_by_role("link", name="Monev").click()
    page.get_by_role("link", name="Terlambat").click()
    # Signed in January with no PKS and no activity yet: flagged as without follow-up.
    assert nk.title in page.get_by_test_id("idle-agreements").inner_text()
    shots(page, "0-monev-sebelum")
    table = page.get_by_test_id("evaluation-table")
    table.get_by_role("link", name=f"Nota Kesepahaman: {nk.title}").click()
    add_activity("10/03/2026", "Sosialisasi pendidikan pemilih mahasiswa baru", "120")
    add_activity("20/05/2026", "Simulasi pemungutan suara di kampus", "80")
    page.get_by_role("link", name="Isi penilaian").click()
    page.get_by_label("Berjalan", exact=True).check()
    for pk in criteria:
        page.locator(f'input[name="score_{pk}"][value="4"]').check()
        page.locator(f'textarea[name="reason_{pk}"]').fill("Kegiatan terlaksana sesuai rencana.")
    shots(page, "1a-isi-penilaian")
    page.get_by_role("button", name="Simpan draf").click()
    assert page.get_by_test_id("score").inner_text() == "80,00"
    assert "Lanjutkan" in page.get_by_test_id("recommendation").inner_text()
    shots(page, "1-evaluasi-draf")
    page.get_by_role("button", name="Ajukan verifikasi").click()
    assert page.get_by_test_id("evaluation-state").inner_text() == "Diajukan"

    # KPU Provinsi Jawa Timur returns it with a note.
    sign_in(page, "verifikator.jatim")
    page.get_by_role("link", name="Verifikasi", exact=True).click()
    page.get_by_role("link", name=f"Semester I 2026: {nk.title}").click()
    shots(page, "2-verifikasi-provinsi")
    page.get_by_label("Kembalikan dengan catatan").check()
    page.get_by_role("textbox", name="Catatan").fill("Lengkapi keluaran kegiatan simulasi.")
    page.get_by_role("button", name="Simpan keputusan").click()

    # Ponorogo reads the note, fixes the activity and submits again.
    sign_in(page, "operator.ponorogo")
    page.goto(f"{base}{evaluation.get_absolute_url()}")
    assert "Lengkapi keluaran" in page.get_by_test_id("return-notes").inner_text()
    card = page.get_by_test_id("activity").filter(has_text="Simulasi pemungutan suara")
    card.get_by_role("link", name="Ubah").click()
    page.get_by_label("Keluaran").fill("Berita acara simulasi dan 80 surat suara latihan")
    page.get_by_role("button", name="Simpan kegiatan").click()
    page.get_by_role("button", name="Ajukan verifikasi").click()

    # The province accepts the second round.
    sign_in(page, "verifikator.jatim")
    page.goto(f"{base}/verifikasi/")
    page.get_by_role("link", name=f"Semester I 2026: {nk.title}").click()
    page.get_by_label("Setujui").check()
    page.get_by_role("button", name="Simpan keputusan").click()

    # Ponorogo sees it accepted, on the agreement too, and downloads its report.
    sign_in(page, "operator.ponorogo")
    page.goto(f"{base}{evaluation.get_absolute_url()}")
    assert page.get_by_test_id("evaluation-state").inner_text() == "Diterima"
    assert page.get_by_test_id("reviews").inner_text().count("Putaran") == 2
    shots(page, "3-evaluasi-diterima")
    page.goto(f"{base}{nk.get_absolute_url()}")
    page.get_by_test_id("agreement-evaluations").scroll_into_view_if_needed()
    shots(page, "4-halaman-perjanjian")
    page.goto(f"{base}/monev/")
    shots(page, "5-monev-kantor")
    page.get_by_role("link", name="Laporan pelaksanaan").click()
    shots(page, "6-laporan")
    with page.expect_download() as download:
        page.get_by_test_id("report-pdf").click()
    path = os.path.join(os.environ.get("KPU_SCREENSHOTS") or tmp_path, "laporan-s1-2026.pdf")
    download.value.save_as(path)
    with open(path, "rb") as report:
        text = pdf_text(report.read(), separator="\n").split("\n")[0]  # the first page
    assert nk.title in text and "80,00" in text and "Lanjutkan" in text
    assert "Simulasi pemungutan suara" in text and "200" in text
    assert csp_errors == []


def test_national_admin_sees_the_instrument(live_server, ri_admin, page, sign_in, shots):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "admin.ri")
    page.get_by_role("link", name="Monev").click()
    page.get_by_role("link", name="Instrumen").click()
    assert page.get_by_test_id("criterion-form").count() == 6  # five criteria and a spare row
    shots(page, "7-instrumen")
