"""What the Laporan Pelaksanaan says per agreement: the score per criterion, kendala and tindak
lanjut, the term in force during the period, the office's conclusion and the serif font;
read back from the PDF."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from evaluations import reports, services, tasks
from evaluations.models import Report
from evaluations.selectors import period_of
from tests.factories import signed_agreement
from tests.workflows import fill, open_evaluation, ready

pytestmark = pytest.mark.django_db
D = datetime.date
S1 = period_of(2026, 1)


def read_back(content: bytes) -> tuple[str, set[str]]:
    """The PDF's text (whitespace collapsed) and the names of the fonts it embeds."""
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return text, fonts


def test_report_pdf_prints_scores_obstacles_follow_up_and_term(operator, ponorogo, evaluation):
    ready(evaluation, operator)
    fill(
        evaluation,
        operator,
        3,
        obstacles="Jadwal kuliah bentrok dengan simulasi.",
        follow_up="Simulasi dipindah ke akhir pekan.",
    )
    text, fonts = read_back(reports.report_pdf(reports.report_data(ponorogo, S1, D(2026, 8, 1))))
    assert "Nilai per kriteria: Kesesuaian dengan tugas pokok dan fungsi KPU 3" in text
    assert "Kendala: Jadwal kuliah bentrok dengan simulasi." in text
    assert "Tindak lanjut: Simulasi dipindah ke akhir pekan." in text
    # 5 January 2026 – 4 January 2030, in words
    assert "(4 (empat) tahun)" in text
    assert any("Liberation-Serif" in font for font in fonts), fonts
    assert not any("Sans" in font for font in fonts), fonts


def test_report_term_is_the_one_in_force_during_the_period(operator, ponorogo, signed_nk):
    """An addendum signed after the period does not change the term the report prints."""
    signed_agreement(
        ponorogo,
        kind="ADDENDUM",
        parent=signed_nk,
        start=D(2026, 9, 1),
        end=D(2031, 1, 4),
        extends_term=True,
    )
    before = reports.report_data(ponorogo, S1, D(2026, 10, 1))
    after = reports.report_data(ponorogo, period_of(2026, 2), D(2027, 1, 10))
    assert [row.agreement.term_end for row in before.rows] == [D(2030, 1, 4)]
    assert [row.term for row in after.rows] == ["5 (lima) tahun"]


def test_conclusion_sent_with_the_report_is_printed(
    login, operator, ponorogo, evaluation, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(tasks.render_report, "delay", lambda **kw: None)
    ready(evaluation, operator)
    services.evaluation_submit(user=operator, evaluation=evaluation)
    client = login(operator)
    url = reverse("evaluations:report-submit", args=[ponorogo.pk, 2026, 1])
    conclusion = "Kerja sama berjalan baik dan menjangkau pemilih pemula."
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"conclusion": f"  {conclusion}\n"})
    report = Report.objects.get()
    assert report.conclusion == conclusion
    tasks.render_report(report_id=report.pk)
    report.refresh_from_db()
    text, _fonts = read_back(report.pdf.read())
    assert f"C. Kesimpulan {conclusion}" in text
    download = client.get(reverse("evaluations:report-pdf", args=[ponorogo.pk, 2026, 1]))
    assert conclusion in read_back(download.content)[0]
    page = client.get(reverse("evaluations:report", args=[ponorogo.pk]) + "?year=2026&semester=1")
    assert conclusion in page.content.decode()


def test_conclusion_too_long_refused(login, operator, ponorogo, monkeypatch):
    monkeypatch.setattr(tasks.render_report, "delay", lambda **kw: None)
    url = reverse("evaluations:report-submit", args=[ponorogo.pk, 2026, 1])
    response = login(operator).post(url, {"conclusion": "x" * 4001}, follow=True)
    assert "4000" in response.content.decode()
    assert not Report.objects.exists()


def test_report_detail_queries_constant(operator, ponorogo, evaluation, umpo):
    ready(evaluation, operator)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            data = reports.report_data(ponorogo, S1, D(2026, 8, 1))
            for row in data.rows:
                [score.criterion.name for score in row.scores]
        return len(queries)

    few = count()
    for index in range(3):
        agreement = signed_agreement(ponorogo, kind="PKS", title=f"PKS {index}", partner=umpo)
        fill(open_evaluation(agreement), operator, 2)
    assert count() == few
