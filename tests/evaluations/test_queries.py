"""Query counts of the monev lists stay the same for 1 row and for 30."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.models import Activity, Evaluation
from tests.factories import signed_agreement
from tests.workflows import open_evaluation

pytestmark = pytest.mark.django_db
D = datetime.date


def count(client, url, **params) -> int:
    client.get(url, params)  # warm the per-process caches (content types, instrument)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def portfolio(office, partner, n: int) -> list[Evaluation]:
    evaluations = []
    for i in range(n):
        agreement = signed_agreement(office, title=f"Kerja sama {i}", partner=partner)
        evaluation = open_evaluation(agreement)
        Activity.objects.create(
            evaluation=evaluation, date=D(2026, 3, 1), description="Kegiatan", place="X"
        )
        evaluations.append(evaluation)
    return evaluations


def test_office_page_constant(login, operator, ponorogo, umpo):
    client = login(operator)
    url = reverse("evaluations:office", args=[ponorogo.pk])
    portfolio(ponorogo, umpo, 1)
    one = count(client, url, tab="overdue")
    portfolio(ponorogo, umpo, 29)
    thirty = count(client, url, tab="overdue")
    assert len(client.get(url, {"tab": "overdue"}).context["page"]) == 25
    assert one == thirty


def test_province_page_constant(login, reviewer, jatim, ponorogo, umpo):
    client = login(reviewer)
    url = reverse("evaluations:office", args=[jatim.pk])
    portfolio(ponorogo, umpo, 1)
    one = count(client, url)
    portfolio(ponorogo, umpo, 29)
    assert count(client, url) == one


def test_report_page_and_exports_constant(login, operator, ponorogo, umpo):
    client = login(operator)
    urls = [
        reverse("evaluations:report", args=[ponorogo.pk]),
        reverse("evaluations:report-xlsx", args=[ponorogo.pk, 2026, 1]),
    ]
    portfolio(ponorogo, umpo, 1)
    one = [count(client, url, year=2026, semester=1) for url in urls]
    portfolio(ponorogo, umpo, 29)
    assert [count(client, url, year=2026, semester=1) for url in urls] == one
    page = client.get(urls[0], {"year": 2026, "semester": 1})
    assert len(page.context["data"].rows) == 30


def test_agreement_page_evaluations_constant(login, operator, signed_nk):
    client = login(operator)
    open_evaluation(signed_nk, 2026, 1)
    one = count(client, signed_nk.get_absolute_url())
    for year in range(2027, 2042):
        for semester in (1, 2):
            open_evaluation(signed_nk, year, semester)
    assert signed_nk.evaluations.count() == 31
    assert count(client, signed_nk.get_absolute_url()) == one
