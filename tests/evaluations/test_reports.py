"""The Laporan Pelaksanaan Kerja Sama: PDF read back with pypdf, Excel re-opened with openpyxl,
and sending it upward (a row the worker renders once)."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from evaluations import reports, services, tasks
from evaluations.models import Report
from evaluations.selectors import period_of
from tests.factories import signed_agreement
from tests.helpers import wait_for_status
from tests.workflows import add_activity, fill, open_evaluation, ready

pytestmark = pytest.mark.django_db
D = datetime.date
S1 = period_of(2026, 1)


@pytest.fixture
def portfolio(ponorogo, operator, umpo, evaluation, signed_nk):
    """Ponorogo in Semester I 2026: the NK evaluated (80, lanjutkan) with two activities, a PKS
    scored 2s (40, ditinjau ulang), a PKS not evaluated, and Sleman's NK (out of the report)."""
    ready(evaluation, operator)
    add_activity(evaluation, operator, D(2026, 5, 2), 80, "Simulasi pemungutan suara")
    pks = signed_agreement(ponorogo, kind="PKS", parent=signed_nk, title="KKN Tematik Kepemiluan")
    weak = open_evaluation(pks)
    fill(weak, operator, 2, implementation_status="NOT_RUNNING")
    signed_agreement(ponorogo, kind="PKS", title="Publikasi di radio", start=D(2026, 5, 1))
    signed_agreement(
        ponorogo, kind="PKS", title="Berakhir 2025", start=D(2024, 1, 1), end=D(2025, 12, 31)
    )
    from offices.models import Office

    signed_agreement(Office.objects.get(code="34.04"), title="Milik Sleman")
    return evaluation, weak


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_report_rows(ponorogo, portfolio):
    data = reports.report_data(ponorogo, S1, D(2026, 8, 1))
    titles = [row.agreement.title for row in data.rows]
    assert "Berakhir 2025" not in titles and "Milik Sleman" not in titles
    assert len(titles) == 3
    assert (data.activity_count, data.participants) == (2, 200)
    assert str(data.average_score) == "60.00"  # (80 + 40) / 2
    assert dict(data.recommendations)["Lanjutkan"] == 1


def test_report_pdf_read_back(login, operator, ponorogo, portfolio):
    response = login(operator).get(reverse("evaluations:report-pdf", args=[ponorogo.pk, 2026, 1]))
    assert response["Content-Type"] == "application/pdf"
    assert "laporan-kerja-sama-3502-2026-s1.pdf" in response["Content-Disposition"]
    text = " ".join(pdf_text(response.content).split())
    assert "LAPORAN PELAKSANAAN KERJA SAMA" in text
    assert "KOMISI PEMILIHAN UMUM KABUPATEN PONOROGO" in text
    assert "Semester I 2026" in text
    for expected in (
        "NK pendidikan pemilih",
        "KKN Tematik Kepemiluan",
        "Publikasi di radio",
        "80,00",
        "40,00",
        "Lanjutkan",
        "Ditinjau ulang",
        "Simulasi pemungutan suara",
        "Belum dievaluasi",
        "Universitas Muhammadiyah Ponorogo",
    ):
        assert expected in text, expected


def test_report_excel_reopened(login, operator, ponorogo, portfolio):
    response = login(operator).get(reverse("evaluations:report-xlsx", args=[ponorogo.pk, 2026, 1]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "LAPORAN PELAKSANAAN KERJA SAMA"
    assert sheet["A2"].value == "KPU Kabupaten Ponorogo"
    header = [cell.value for cell in sheet[5]]
    assert header[:4] == ["No", "Jenis", "Nomor KPU", "Tentang"]
    rows = {row[3]: row for row in sheet.iter_rows(min_row=6, values_only=True)}
    nk = rows[portfolio[0].agreement.title]
    assert (nk[7], nk[9], nk[10], nk[11]) == (2, 200, 80.0, "Lanjutkan")
    assert rows["KKN Tematik Kepemiluan"][10:12] == (40.0, "Ditinjau ulang")
    assert rows["Publikasi di radio"][5] == "Belum dievaluasi"


def test_report_formula_injection_neutralised(ponorogo):
    title = '=HYPERLINK("http://contoh.invalid","klik")'
    signed_agreement(ponorogo, title=title)
    sheet = load_workbook(io.BytesIO(reports.report_xlsx(reports.report_data(ponorogo, S1)))).active
    assert sheet["D6"].value == "'" + title
    assert sheet["D6"].data_type == "s"


def test_report_outside_scope_404(login, outsider, ponorogo):
    response = login(outsider).get(reverse("evaluations:report-pdf", args=[ponorogo.pk, 2026, 1]))
    assert response.status_code == 404


def test_bad_period_404(login, operator, ponorogo):
    client = login(operator)
    assert (
        client.get(reverse("evaluations:report-pdf", args=[ponorogo.pk, 2026, 3])).status_code
        == 404
    )


def test_report_sent_upward_after_its_evaluations(
    login, operator, ponorogo, portfolio, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr(tasks.render_report, "delay", lambda **kw: queued.append(kw))
    evaluation, weak = portfolio
    client = login(operator)
    url = reverse("evaluations:report-submit", args=[ponorogo.pk, 2026, 1])
    refused = client.post(url, follow=True)
    assert "belum diajukan" in refused.content.decode()
    assert not Report.objects.exists()
    services.evaluation_submit(user=operator, evaluation=evaluation)
    weak.refresh_from_db()
    services.evaluation_submit(user=operator, evaluation=weak)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    report = Report.objects.get()
    assert queued == [{"report_id": report.pk}]
    assert report.status == Report.Status.PENDING
    tasks.render_report(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == Report.Status.READY
    tasks.render_report(report_id=report.pk)  # a second delivery does nothing
    assert Report.objects.get().attempts == 1
    sent = client.get(reverse("evaluations:report-file", args=[report.pk]))
    assert "KKN Tematik Kepemiluan" in pdf_text(b"".join(sent.streaming_content))


def test_resending_renders_again(
    operator, ponorogo, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(tasks.render_report, "delay", lambda **kw: None)
    reports.report_submit(user=operator, office=ponorogo, year=2026, semester=1)
    Report.objects.update(status=Report.Status.READY)
    report = reports.report_submit(user=operator, office=ponorogo, year=2026, semester=1)
    assert (report.submissions, report.status) == (2, Report.Status.PENDING)


def test_stuck_reports_requeued(operator, ponorogo, monkeypatch):
    queued = []
    monkeypatch.setattr(tasks.render_report, "delay", lambda **kw: queued.append(kw))
    report = reports.report_submit(user=operator, office=ponorogo, year=2026, semester=1)
    assert tasks.requeue_reports() == 0  # fresh: its own message is on the way
    old = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    Report.objects.filter(pk=report.pk).update(status=Report.Status.RENDERING, updated_at=old)
    assert tasks.requeue_reports() == 1
    assert Report.objects.get().status == Report.Status.PENDING
    assert queued[-1] == {"report_id": report.pk}
    Report.objects.update(status=Report.Status.RENDERING, attempts=3, updated_at=old)
    assert tasks.requeue_reports() == 0
    assert Report.objects.get().status == Report.Status.FAILED


def test_only_operators_send_and_kpu_ri_has_nobody_above(
    commissioner, ri_operator, ponorogo, offices
):
    from django.core.exceptions import PermissionDenied

    from offices.models import Office

    with pytest.raises(PermissionDenied):
        reports.report_submit(user=commissioner, office=ponorogo, year=2026, semester=1)
    national = Office.objects.get(level=Office.Level.NATIONAL)
    with pytest.raises(PermissionDenied):
        reports.report_submit(user=ri_operator, office=national, year=2026, semester=1)


@pytest.mark.celery
def test_sent_report_rendered_by_a_real_worker(celery_worker, operator, ponorogo, umpo):
    evaluation = open_evaluation(signed_agreement(ponorogo, partner=umpo))
    services.evaluation_submit(user=operator, evaluation=ready(evaluation, operator))
    report = reports.report_submit(user=operator, office=ponorogo, year=2026, semester=1)
    rendered = wait_for_status(Report, report.pk, Report.Status.READY)
    assert rendered.attempts == 1
    with rendered.pdf.open("rb") as stored:
        assert "Universitas Muhammadiyah Ponorogo" in pdf_text(stored.read())
