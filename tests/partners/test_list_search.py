"""The partner list: counted once per page, and a search whose every arm an index serves."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners.models import Partner
from partners.names import normalize_name
from partners.selectors import partner_search

pytestmark = pytest.mark.django_db
LIST = reverse("partners:list")


def _partner(name: str, office, short_name: str = "", **fields) -> Partner:
    partner = Partner(
        name=name, short_name=short_name, category="UNIVERSITY", registered_by=office, **fields
    )
    partner.save()
    return partner


@pytest.fixture
def registry(ponorogo):
    return [
        _partner("Universitas Muhammadiyah Ponorogo", ponorogo, "UMPO"),
        _partner("Institut Agama Islam Negeri Ponorogo", ponorogo, "IAIN"),
        _partner("Dinas Pendidikan Kabupaten Madiun", ponorogo),
        _partner("Radio Suara Ponorogo", ponorogo, "RSP"),
    ]


def names(client, q: str) -> set[str]:
    rows = client.get(LIST, {"q": q}).context["table"].page.object_list
    return {row.record.name for row in rows}


def test_list_counts_its_rows_once(login, operator, registry):
    client = login(operator)
    for params in ({}, {"q": "ponorogo"}, {"q": "ponorogo", "page": 1, "sort": "-name"}):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST, params)
        assert response.status_code == 200
        counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
        assert len(counts) == 1, counts
    assert response.context["paginator"].count == 3
    assert "3 mitra" in response.content.decode()


def test_list_pages_by_50_with_the_total(login, operator, ponorogo):
    Partner.objects.bulk_create(
        Partner(
            name=f"Sekolah Contoh {n:02}",
            normalized_name=normalize_name(f"Sekolah Contoh {n:02}"),
            category="SCHOOL",
            registered_by=ponorogo,
        )
        for n in range(60)
    )
    client = login(operator)
    first = client.get(LIST)
    assert len(first.context["table"].page.object_list) == 50
    assert "60 mitra" in first.content.decode()
    second = client.get(LIST, {"page": 2})
    assert [r.record.name for r in second.context["table"].page.object_list][0] == (
        "Sekolah Contoh 50"
    )


def test_search_words_prefixes_short_name_and_normalised_name(login, operator, registry):
    client = login(operator)
    assert names(client, "muhammadiyah") == {"Universitas Muhammadiyah Ponorogo"}
    assert names(client, "univ muham") == {"Universitas Muhammadiyah Ponorogo"}
    assert names(client, "UNIV. Muhammadiyah") == {"Universitas Muhammadiyah Ponorogo"}
    assert names(client, "umpo") == {"Universitas Muhammadiyah Ponorogo"}
    assert names(client, "pendidikan madiun") == {"Dinas Pendidikan Kabupaten Madiun"}
    assert names(client, "ponorogo") == {
        "Universitas Muhammadiyah Ponorogo",
        "Institut Agama Islam Negeri Ponorogo",
        "Radio Suara Ponorogo",
    }
    assert names(client, "malang") == set()
    assert names(client, "'\"&|!:*()") == {p.name for p in registry}  # nothing to search on


def test_search_arms_are_served_by_indexes(registry):
    """Sequential scans priced out: a predicate no index serves still plans as a Seq Scan."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = partner_search(Partner.objects.all(), "univ muham").explain()
    assert "Seq Scan" not in plan, plan
    for index in ("partner_search_gin", "partner_normalized_prefix", "partner_short_name_upper"):
        assert index in plan, plan
