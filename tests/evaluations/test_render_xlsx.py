"""The Excel workbook of an office with offices below it, rendered by a worker like its PDF:
asked for on the report page, rendered by a real Celery worker, polled and downloaded, read
back with openpyxl; kept in scope. A regency's workbook stays in the request."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluations import report_renders, tasks
from evaluations.models import ReportRender
from tests.evaluations.test_report_offices import S1, S1_PARAMS, east_java  # noqa: F401
from tests.helpers import wait_for_status

pytestmark = pytest.mark.django_db
XLSX = ReportRender.Kind.XLSX


def _read(response) -> dict:
    """The workbook's two sheets as rows of values, below their five title rows."""
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return {
        name: list(workbook[name].iter_rows(min_row=6, values_only=True))
        for name in ("Laporan", "Rekap")
    }


@pytest.mark.celery
def test_province_excel_rendered_by_a_real_worker(
    celery_worker,
    login,
    reviewer,
    jatim,
    east_java,  # noqa: F811
):
    client = login(reviewer)
    page_url = reverse("evaluations:report", args=[jatim.pk])
    direct = client.get(reverse("evaluations:report-xlsx", args=[jatim.pk, 2026, 1]))
    assert direct.status_code == 302 and direct["Location"].startswith(page_url)
    ask = reverse("evaluations:report-render", args=[jatim.pk, 2026, 1])
    assert client.post(ask, {"kind": "XLSX"}).status_code == 302
    render = ReportRender.objects.get(kind=XLSX)
    rendered = wait_for_status(ReportRender, render.pk, ReportRender.Status.READY)
    assert rendered.attempts == 1 and rendered.pdf.name.endswith("-35-2026-s1.xlsx")
    page = client.get(page_url, S1_PARAMS).content.decode()
    file_url = reverse("evaluations:report-render-file", args=[render.pk])
    assert file_url in page and "Unduh Excel" in page
    response = client.get(file_url)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheets = _read(response)
    assert {(row[3], row[14]) for row in sheets["Laporan"]} == {
        ("NK Provinsi Jawa Timur", "KPU Provinsi Jawa Timur"),
        ("PKS Ponorogo", "KPU Kabupaten Ponorogo"),
        ("NK Ponorogo belum dievaluasi", "KPU Kabupaten Ponorogo"),
        ("PKS Madiun", "KPU Kabupaten Madiun"),
    }
    pks = next(row for row in sheets["Laporan"] if row[3] == "PKS Ponorogo")
    assert (pks[7], pks[9], pks[10], pks[11]) == (1, 30, 40.0, "Ditinjau ulang")
    summary = {row[0]: row for row in sheets["Rekap"]}
    # 2 agreements; the NK signed in January without PKS or activity is "tanpa tindak lanjut"
    assert summary["KPU Kabupaten Ponorogo"][1:3] == (2, 1)
    assert summary["Jumlah"][1] == 4


def test_excel_and_pdf_are_separate_renders(login, reviewer, jatim, monkeypatch):
    queued = []
    monkeypatch.setattr(tasks.render_report_pdf, "delay", lambda **kw: queued.append(kw))
    pdf = report_renders.report_render_request(user=reviewer, office=jatim, period=S1)
    xlsx = report_renders.report_render_request(user=reviewer, office=jatim, period=S1, kind=XLSX)
    again = report_renders.report_render_request(user=reviewer, office=jatim, period=S1, kind=XLSX)
    assert (pdf.kind, xlsx.kind, again.pk) == ("PDF", "XLSX", xlsx.pk)  # waiting: not queued twice
    page = login(reviewer).get(reverse("evaluations:report", args=[jatim.pk]), S1_PARAMS)
    content = page.content.decode()
    assert 'data-testid="report-render-pdf"' in content
    assert 'data-testid="report-render-xlsx"' in content
    assert "Buat ulang Excel" in content


def test_unknown_kind_refused(login, reviewer, jatim, monkeypatch):
    monkeypatch.setattr(tasks.render_report_pdf, "delay", lambda **kw: None)
    ask = reverse("evaluations:report-render", args=[jatim.pk, 2026, 1])
    assert login(reviewer).post(ask, {"kind": "DOCX"}).status_code == 400
    assert not ReportRender.objects.exists()


def test_rendered_excel_stays_in_scope(login, outsider, operator, reviewer, jatim, monkeypatch):
    """Outside the province (Sleman) and below it (a Ponorogo operator) the workbook, its
    status and the request answer 404; the request refuses GET."""
    monkeypatch.setattr(tasks.render_report_pdf, "delay", lambda **kw: None)
    render = report_renders.report_render_request(user=reviewer, office=jatim, period=S1, kind=XLSX)
    ask = reverse("evaluations:report-render", args=[jatim.pk, 2026, 1])
    for user in (outsider, operator):
        client = login(user)
        for name in ("evaluations:report-render-status", "evaluations:report-render-file"):
            assert client.get(reverse(name, args=[render.pk])).status_code == 404
        assert client.post(ask, {"kind": "XLSX"}).status_code == 404
        xlsx = reverse("evaluations:report-xlsx", args=[jatim.pk, 2026, 1])
        assert client.get(xlsx).status_code == 404
    assert login(reviewer).get(ask).status_code == 405


def test_regency_excel_stays_in_the_request(login, operator, ponorogo, monkeypatch):
    """A regency's workbook is built in the request; asking the worker for it sends there."""
    monkeypatch.setattr(tasks.render_report_pdf, "delay", lambda **kw: pytest.fail("queued"))
    client = login(operator)
    xlsx = reverse("evaluations:report-xlsx", args=[ponorogo.pk, 2026, 1])
    response = client.get(xlsx)
    assert response.status_code == 200 and response.content.startswith(b"PK")
    ask = reverse("evaluations:report-render", args=[ponorogo.pk, 2026, 1])
    redirected = client.post(ask, {"kind": "XLSX"})
    assert redirected.status_code == 302 and redirected["Location"] == xlsx
    page = client.get(reverse("evaluations:report", args=[ponorogo.pk]), S1_PARAMS)
    assert f'href="{xlsx}"' in page.content.decode()
    assert not ReportRender.objects.exists()


def test_wrong_role_cannot_send_a_province_report(login, reviewer, jatim):
    """Reading the report (and asking for its files) is open to every role of the office;
    sending it upward is an operator's: a reviewer gets 403."""
    send = reverse("evaluations:report-submit", args=[jatim.pk, 2026, 1])
    assert login(reviewer).post(send, {"conclusion": "x"}).status_code == 403
