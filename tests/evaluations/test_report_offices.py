"""The report of an office with offices below it: aggregated per office (each child rolled up
over its subtree), its own agreements in detail (capped in the PDF, by page on the page),
every agreement in the Excel; the
monev page's "Kantor di bawah" rolled up the same way; query counts that do not grow."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from evaluations import report_contents, report_renders, reports, tasks
from evaluations.models import Activity, Evaluation, ReportRender
from evaluations.selectors import period_of
from offices.models import Office
from tests.evaluations.test_reports import pdf_text
from tests.factories import signed_agreement
from tests.workflows import add_activity, fill, open_evaluation

pytestmark = pytest.mark.django_db
D = datetime.date
S1 = period_of(2026, 1)
S1_PARAMS = {"year": 2026, "semester": 1}
TODAY = D(2026, 8, 1)


def office(code: str) -> Office:
    return Office.objects.get(code=code) if code else Office.objects.get(level="NATIONAL")


def evaluated(agreement, user, value: int, participants: int = 0):
    evaluation = open_evaluation(agreement)
    if participants:
        add_activity(evaluation, user, participants=participants, evidence=False)
    return fill(evaluation, user, value)


@pytest.fixture
def east_java(jatim, ponorogo, operator, jatim_operator, offices):
    """Jawa Timur's own NK (scored 80, 50 participants); Ponorogo's PKS (scored 40, 30
    participants) and an unevaluated NK; Madiun's PKS; Sleman's NK elsewhere."""
    own = signed_agreement(jatim, title="NK Provinsi Jawa Timur")
    evaluated(own, jatim_operator, 4, participants=50)
    pks = signed_agreement(ponorogo, kind="PKS", title="PKS Ponorogo")
    evaluated(pks, operator, 2, participants=30)
    signed_agreement(ponorogo, title="NK Ponorogo belum dievaluasi")
    signed_agreement(office("35.19"), kind="PKS", title="PKS Madiun")
    signed_agreement(office("34.04"), title="NK Sleman")


def children(data) -> dict:
    return {child.code: figures for child, figures in data.children}


def test_province_report_rolls_up_its_regencies(jatim, east_java):
    data = reports.report_data(jatim, S1, TODAY)
    assert (data.own.agreements, data.totals.agreements) == (1, 4)
    assert len(data.children) == 38
    ponorogo = children(data)["35.02"]
    assert (ponorogo.agreements, ponorogo.evaluated, ponorogo.participants) == (2, 1, 30)
    assert str(ponorogo.average_score) == "40.00"
    assert children(data)["35.19"].agreements == 1
    assert children(data)["35.03"].agreements == 0
    assert [row.agreement.title for row in data.rows] == ["NK Provinsi Jawa Timur"]
    assert (data.activity_count, data.participants, str(data.average_score)) == (2, 80, "60.00")
    assert dict(data.recommendations) == {
        "Lanjutkan": 1,
        "Lanjutkan dengan perbaikan": 0,
        "Ditinjau ulang": 1,
        "Diakhiri": 0,
    }


def test_national_report_rolls_up_each_province_over_its_subtree(east_java):
    data = reports.report_data(office(""), S1, TODAY)
    assert len(data.children) == 38
    assert children(data)["35"].agreements == 4  # Jawa Timur and its regencies
    assert children(data)["34"].agreements == 1  # Sleman, under DI Yogyakarta
    assert data.totals.agreements == 5
    assert data.rows == []  # KPU RI has no agreement of its own here


def test_regency_report_has_no_office_table(ponorogo, east_java):
    data = reports.report_data(ponorogo, S1, TODAY)
    assert data.children == []
    assert data.totals.agreements == 2
    assert {row.agreement.title for row in data.rows} == {
        "PKS Ponorogo",
        "NK Ponorogo belum dievaluasi",
    }


def test_detail_capped_with_a_note(login, operator, ponorogo, east_java, monkeypatch):
    """A regency's page and PDF list its agreements up to DETAIL_LIMIT, with a note."""
    monkeypatch.setattr(report_contents, "DETAIL_LIMIT", 1)
    data = reports.report_data(ponorogo, S1, TODAY)
    assert (len(data.rows), data.more) == (1, 1)
    client = login(operator)
    page = client.get(reverse("evaluations:report", args=[ponorogo.pk]), S1_PARAMS)
    assert "dan 1 lainnya" in page.content.decode()
    pdf = client.get(reverse("evaluations:report-pdf", args=[ponorogo.pk, 2026, 1]))
    assert "dan 1 lainnya; unduh Excel untuk daftar lengkap" in " ".join(
        pdf_text(pdf.content).split()
    )


def test_province_page_lists_its_own_agreements_by_page(
    login, reviewer, jatim, east_java, monkeypatch
):
    """An office with offices below it lists PAGE_SIZE of its own agreements a page, numbered
    on from the pages before (a page past the last shows the last); its regencies' agreements
    are counted, not listed."""
    monkeypatch.setattr(report_contents, "PAGE_SIZE", 1)
    signed_agreement(jatim, kind="PKS", title="PKS Provinsi Jawa Timur")
    client = login(reviewer)
    url = reverse("evaluations:report", args=[jatim.pk])
    first = client.get(url, S1_PARAMS)
    second = client.get(url, {**S1_PARAMS, "page": 2})
    past = client.get(url, {**S1_PARAMS, "page": 9})
    titles = [[row.agreement.title for row in r.context["data"].rows] for r in (first, second)]
    assert titles == [["NK Provinsi Jawa Timur"], ["PKS Provinsi Jawa Timur"]]
    assert past.context["data"].page == 2
    assert "Halaman 2 dari 2" in second.content.decode()
    assert '<td data-label="#">2</td>' in second.content.decode()
    assert "page=2" in first.content.decode() and "report-more" not in first.content.decode()


def test_province_pdf_rendered_by_a_worker(
    login, reviewer, jatim, east_java, django_capture_on_commit_callbacks, monkeypatch
):
    """The PDF of an office with offices below it is asked for, rendered by the worker and
    downloaded; it counts the regencies and lists only the province's own agreements."""
    queued = []
    monkeypatch.setattr(tasks.render_report_pdf, "delay", lambda **kw: queued.append(kw))
    client = login(reviewer)
    page_url = reverse("evaluations:report", args=[jatim.pk])
    direct = client.get(reverse("evaluations:report-pdf", args=[jatim.pk, 2026, 1]))
    assert direct.status_code == 302 and direct["Location"].startswith(page_url)
    ask = reverse("evaluations:report-render", args=[jatim.pk, 2026, 1])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(ask).status_code == 302
        client.post(ask)  # asked twice while waiting: queued once
    render = ReportRender.objects.get()
    assert queued == [{"render_id": render.pk}]
    status_url = reverse("evaluations:report-render-status", args=[render.pk])
    file_url = reverse("evaluations:report-render-file", args=[render.pk])
    assert f'hx-get="{status_url}"' in client.get(page_url, S1_PARAMS).content.decode()
    assert client.get(file_url).status_code == 404  # not rendered yet
    tasks.render_report_pdf(render_id=render.pk)
    tasks.render_report_pdf(render_id=render.pk)  # a second delivery does nothing
    render.refresh_from_db()
    assert (render.status, render.attempts) == (ReportRender.Status.READY, 1)
    assert file_url in client.get(status_url).content.decode()
    text = " ".join(pdf_text(b"".join(client.get(file_url).streaming_content)).split())
    assert "B. Rekapitulasi per kantor" in text
    assert "KPU Kabupaten Ponorogo" in text and "KPU Kabupaten Madiun" in text
    assert "C. Rincian kerja sama KPU Provinsi Jawa Timur" in text
    assert "NK Provinsi Jawa Timur" in text
    assert "PKS Ponorogo" not in text  # a regency's agreements are counted, not listed


def test_rendered_pdf_stays_in_scope(login, outsider, reviewer, jatim, monkeypatch):
    monkeypatch.setattr(tasks.render_report_pdf, "delay", lambda **kw: None)
    render = report_renders.report_render_request(user=reviewer, office=jatim, period=S1)
    client = login(outsider)
    for name in ("evaluations:report-render-status", "evaluations:report-render-file"):
        assert client.get(reverse(name, args=[render.pk])).status_code == 404
    ask = reverse("evaluations:report-render", args=[jatim.pk, 2026, 1])
    assert client.post(ask).status_code == 404
    assert client.get(ask).status_code == 405


def test_stuck_render_requeued(reviewer, jatim, monkeypatch):
    queued = []
    monkeypatch.setattr(tasks.render_report_pdf, "delay", lambda **kw: queued.append(kw))
    render = report_renders.report_render_request(user=reviewer, office=jatim, period=S1)
    old = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    ReportRender.objects.filter(pk=render.pk).update(status="RENDERING", updated_at=old)
    assert tasks.requeue_reports() == 1
    assert queued[-1] == {"render_id": render.pk}
    assert ReportRender.objects.get().status == ReportRender.Status.PENDING


def test_province_excel_lists_every_agreement_below_it(reviewer, jatim, east_java, monkeypatch):
    """The worker's workbook (tests/evaluations/test_render_xlsx.py runs the real worker)."""
    monkeypatch.setattr(tasks.render_report_pdf, "delay", lambda **kw: None)
    render = report_renders.report_render_request(
        user=reviewer, office=jatim, period=S1, kind=ReportRender.Kind.XLSX
    )
    tasks.render_report_pdf(render_id=render.pk)
    render.refresh_from_db()
    assert render.status == ReportRender.Status.READY
    with render.pdf.open("rb") as stored:
        workbook = load_workbook(io.BytesIO(stored.read()))
    rows = list(workbook["Laporan"].iter_rows(min_row=6, values_only=True))
    assert len(rows) == 4 and {row[14] for row in rows} >= {"KPU Kabupaten Madiun"}
    summary = {row[0]: row for row in workbook["Rekap"].iter_rows(min_row=6, values_only=True)}
    assert summary["KPU Kabupaten Ponorogo"][1:3] == (2, 1)


def test_page_shows_the_rolled_up_offices(login, reviewer, jatim, east_java):
    page = login(reviewer).get(reverse("evaluations:report", args=[jatim.pk]), S1_PARAMS)
    content = page.content.decode()
    assert 'data-testid="report-offices"' in content
    ponorogo = reverse("evaluations:report", args=[office("35.02").pk])
    assert f"{ponorogo}?year=2026&amp;semester=1" in content


def test_outsider_cannot_read_a_province_report(login, outsider, jatim):
    for name in ("evaluations:report-pdf", "evaluations:report-xlsx"):
        assert login(outsider).get(reverse(name, args=[jatim.pk, 2026, 1])).status_code == 404


def _spread(n: int, regencies: list[Office]) -> None:
    for i in range(n):
        agreement = signed_agreement(regencies[i % 2], kind="PKS", title=f"PKS {i}")
        Activity.objects.create(
            evaluation=open_evaluation(agreement), date=D(2026, 3, 1), description="X", place="Y"
        )


def _count(client, url, params=None) -> int:
    client.get(url, params or {})  # warm the per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


def test_province_report_queries_do_not_grow(login, reviewer, jatim, offices):
    regencies = [office("35.02"), office("35.19")]
    client = login(reviewer)
    urls = [
        (reverse("evaluations:report", args=[jatim.pk]), S1_PARAMS),
        (reverse("evaluations:office", args=[jatim.pk]), None),
    ]
    _spread(2, regencies)
    signed_agreement(jatim, title="NK sendiri")
    few = [_count(client, url, params) for url, params in urls] + [_workbook_queries(jatim)]
    _spread(18, regencies)
    signed_agreement(jatim, title="NK sendiri lagi")
    many = [_count(client, url, params) for url, params in urls] + [_workbook_queries(jatim)]
    assert many == few
    assert Evaluation.objects.count() == 20


def _workbook_queries(office) -> int:
    """Queries of the worker's workbook of `office` (its rows read in batches of BATCH)."""
    data = reports.report_data(office, S1, TODAY, detail=False)
    with CaptureQueriesContext(connection) as queries:
        reports.report_xlsx(data)
    return len(queries)


def test_monev_page_rolls_each_province_up_over_its_regencies(login, ri_admin, ponorogo, operator):
    late = open_evaluation(signed_agreement(ponorogo, kind="PKS"))
    Evaluation.objects.filter(pk=late.pk).update(due_date=D(2026, 7, 30))
    page = login(ri_admin).get(reverse("evaluations:office", args=[office("").pk]))
    rows = {child.code: counts for child, counts in page.context["children"]}
    assert len(rows) == 38
    assert rows["35"]["overdue"] == 1  # Ponorogo's, counted in Jawa Timur's row
    assert rows["34"] == {}
