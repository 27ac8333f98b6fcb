"""The dashboard and the oversight table: figures rolled up over the office tree, every
number a link to a list of exactly that many rows, scope, exports, query counts, cache."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from agreements import registration
from agreements.models import Agreement
from agreements.timefacts import _sync_ids
from offices.models import Office
from partners.models import Partner
from tests.factories import UserFactory, signed_agreement
from tests.files import pdf_upload

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("dashboards:dashboard")
OVERSIGHT = reverse("dashboards:oversight")
DAY = datetime.timedelta(days=1)


def summary_of(client, **params) -> dict:
    response = client.get(DASHBOARD, params)
    assert response.status_code == 200
    return response.context["summary"]


def test_province_commissioner_sees_the_regency_figures(ponorogo_data, jatim_commissioner, login):
    client = login(jatim_commissioner)
    response = client.get(DASHBOARD)
    summary = response.context["summary"]
    assert summary["signed"].value == 3
    statuses = {str(f.label): f.value for f in summary["statuses"]}
    assert statuses["Berlaku"] == 1
    assert statuses["Segera berakhir"] == 1
    assert statuses["Diakhiri"] == 1
    assert [f.value for f in summary["expiring"]] == [1, 1]
    assert summary["evaluations"][1].value == 1  # overdue
    assert summary["reviews"]["waiting"] == 1
    assert summary["registered"].value == 1
    assert [a.title for a in summary["expiring_list"]] == ["PKS pengamanan"]
    assert "KPU Provinsi Jawa Timur" in response.content.decode()


def test_national_oversight_rolls_up_and_the_recap_is_the_sum(ponorogo_data, ri_admin, login):
    response = login(ri_admin).get(OVERSIGHT)
    assert response.status_code == 200
    rows = response.context["rows"]
    by_code = {row.office.code: row for row in rows if row.office}
    assert len(by_code) == 38
    jatim = by_code["35"]
    assert (jatim.get("signed"), jatim.get("active"), jatim.get("expiring")) == (3, 1, 1)
    assert (jatim.get("overdue"), jatim.get("registered")) == (1, 1)
    recap = rows[-1]
    assert recap.office is None
    for key in ("signed", "active", "expiring", "overdue", "registered", "no_follow_up"):
        assert recap.get(key) == sum(row.get(key) or 0 for row in by_code.values())
    assert 'data-testid="compliance-formula"' in response.content.decode()


def test_province_oversight_lists_its_regencies(ponorogo_data, jatim_commissioner, login):
    rows = login(jatim_commissioner).get(OVERSIGHT).context["rows"]
    regencies = [row for row in rows if row.office]
    assert len(regencies) == Office.objects.filter(parent__code="35").count()
    assert {row.office.code: row.get("signed") for row in regencies}["35.02"] == 3


def test_every_figure_links_to_a_list_of_exactly_that_many_rows(
    ponorogo_data, jatim_commissioner, login
):
    client = login(jatim_commissioner)
    summary = summary_of(client)
    figures = [summary["signed"], summary["registered"], summary["no_follow_up"]]
    for key in ("statuses", "kinds", "divisi", "categories", "scopes", "years", "expiring"):
        figures += summary[key]
    checked = 0
    for figure in figures:
        assert figure.url, figure.label
        if not figure.url.startswith(reverse("agreements:list")):
            continue
        page = client.get(figure.url)
        assert page.status_code == 200
        assert page.context["table"].paginator.count == figure.value, (figure.label, figure.url)
        checked += 1
    assert checked == len(figures)


def test_monev_figures_open_lists_of_exactly_that_many(ponorogo_data, jatim_commissioner, login):
    client = login(jatim_commissioner)
    figures = summary_of(client)["evaluations"]
    assert figures[1].value == 1  # overdue, in Ponorogo below Jawa Timur
    for figure in figures:
        page = client.get(figure.url)
        assert page.status_code == 200
        tab = page.context["tab"]
        assert page.context["page"].paginator.count == figure.value, figure.url
        assert {key: count for key, _label, count in page.context["tabs"]}[tab] == (figure.value)


def test_reviews_figure_opens_the_reviews_waiting_below(
    ponorogo_data, jatim_commissioner, commissioner, login
):
    client = login(jatim_commissioner)
    summary = summary_of(client)
    page = client.get(summary["reviews_url"])
    assert page.status_code == 200
    assert page.context["page"].paginator.count == summary["reviews"]["waiting"] == 1
    assert "Draf KKN" in page.content.decode()
    # Ponorogo's commissioner may not watch Jawa Timur (above it): 404.
    jatim = Office.objects.get(code="35")
    assert (
        login(commissioner).get(reverse("reviews:queue"), {"kantor": jatim.pk}).status_code == 404
    )


def test_regency_commissioner_never_sees_sleman(ponorogo_data, sleman, today, commissioner, login):
    signed_agreement(
        sleman,
        "PKS Sleman",
        kind="PKS",
        start=today - 10 * DAY,
        end=today + 500 * DAY,
        scope=["VOTER_EDUCATION"],
    )
    client = login(commissioner)
    assert summary_of(client)["signed"].value == 3
    assert client.get(DASHBOARD, {"kantor": sleman.pk}).status_code == 404
    assert client.get(DASHBOARD, {"kantor": sleman.pk, "ekspor": "xlsx"}).status_code == 404
    assert client.get(DASHBOARD, {"kantor": sleman.pk, "ekspor": "pdf"}).status_code == 404
    jatim = Office.objects.get(code="35")
    assert client.get(DASHBOARD, {"kantor": jatim.pk}).status_code == 404  # above them
    assert client.get(DASHBOARD, {"kantor": "abc"}).status_code == 404


def test_drill_down_to_another_province_is_404(jatim_commissioner, login, offices):
    bali = Office.objects.get(code="51")
    client = login(jatim_commissioner)
    assert client.get(OVERSIGHT, {"kantor": bali.pk}).status_code == 404
    assert client.get(DASHBOARD, {"kantor": bali.pk}).status_code == 404


def test_regency_has_no_oversight_table(commissioner, login):
    assert login(commissioner).get(OVERSIGHT).status_code == 404


def test_anonymous_wrong_method_and_no_role(client, operator, login):
    assert client.get(DASHBOARD).status_code == 302
    assert client.get(OVERSIGHT).status_code == 302
    assert login(operator).post(DASHBOARD).status_code == 405
    nobody = UserFactory(username="tanpa.peran")
    assert login(nobody).get(DASHBOARD).status_code == 403


def test_exports_hold_the_figures_of_the_scope(ponorogo_data, jatim_commissioner, login):
    client = login(jatim_commissioner)
    response = client.get(DASHBOARD, {"ekspor": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = {(row[0], row[1]): row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[("Ringkasan", "Kerja sama ditandatangani")] == 3
    assert ("Verifikasi", "Median umur (hari)") in rows
    assert ("Monitoring dan evaluasi", "Nilai rata-rata (diterima periode ini)") in rows
    nearest = [key[1] for key in rows if key[0] == "10 kerja sama terdekat berakhir"]
    assert len(nearest) == 1 and "KPU Kabupaten Ponorogo" in nearest[0]
    pdf = client.get(DASHBOARD, {"ekspor": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(pdf.content)).pages
    assert len(pages) == 1  # one page, for the commissioners' meeting
    text = "".join(page.extract_text() for page in pages)
    assert "RINGKASAN KERJA SAMA" in text
    assert "JAWA TIMUR" in text
    oversight = client.get(OVERSIGHT, {"ekspor": "xlsx", "urut": "-signed"})
    lines = list(load_workbook(io.BytesIO(b"".join(oversight.streaming_content))).active.values)
    assert lines[1][0] == "35.02" and lines[1][2] == 3  # sorted by signed, most first


def _bulk(office, count: int, today) -> None:
    rows = [
        Agreement(
            office=office,
            kind="PKS",
            title=f"PKS {i}",
            divisi="PARTICIPATION",
            state="SIGNED",
            start_date=today - 100 * DAY,
            end_date=today + (i % 200) * DAY,
            signed_on=today - 100 * DAY,
            scope=["RESEARCH"],
        )
        for i in range(count)
    ]
    created = Agreement.objects.bulk_create(rows)
    _sync_ids([a.pk for a in created])


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert b"data-testid" in response.content
    return len(captured)


def test_query_counts_do_not_grow_with_the_data(ponorogo, jatim_commissioner, login, today):
    client = login(jatim_commissioner)
    _bulk(ponorogo, 10, today)
    small = (
        _queries(client, DASHBOARD + "?tahun=2026&semester=1"),
        _queries(client, OVERSIGHT + "?tahun=2026&semester=1"),
    )
    _bulk(Office.objects.get(code="35.03"), 190, today)
    large = (
        _queries(client, DASHBOARD + "?tahun=2026&semester=2"),
        _queries(client, OVERSIGHT + "?tahun=2026&semester=2"),
    )
    assert small == large
    assert max(large) <= 10, large


def test_cached_figures_are_renewed_when_an_agreement_is_signed(
    ponorogo, ri_admin, operator, login, today, django_capture_on_commit_callbacks
):

    client = login(ri_admin)
    before = summary_of(client)["signed"].value
    with CaptureQueriesContext(connection) as cached:
        summary_of(client)
    assert len(cached) <= 4  # session, user, memberships: the figures came from the cache
    partner = Partner.objects.create(
        name="Dinas Pendidikan", category="LOCAL_GOVERNMENT", registered_by=ponorogo
    )
    with django_capture_on_commit_callbacks(execute=True):
        registration.agreement_register(
            user=operator,
            office=ponorogo,
            kind="PKS",
            title="PKS dicatat",
            kpu_number="9/HK.05.1-PKS/3502/2026",
            signed_on=today - DAY,
            signed_place="Ponorogo",
            partners=[{"partner": partner, "signatory_name": "Kepala", "signatory_title": ""}],
            partner_number="1/DIK",
            scan=pdf_upload("s.pdf"),
            divisi="PARTICIPATION",
            start_date=today - DAY,
            end_date=today + 700 * DAY,
        )
    assert summary_of(client)["signed"].value == before + 1
