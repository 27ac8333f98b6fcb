"""CappedPaginator behind django-tables2: the list counts at most CAP + 1 rows (a LIMIT inside
the count), and says "lebih dari …" past the cap."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.pagination import CappedPaginator

pytestmark = pytest.mark.django_db

LIST = reverse("agreements:list")


def _count_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]


def test_list_count_is_capped_inside_the_query(ponorogo_data, operator, login, monkeypatch):
    client = login(operator)
    monkeypatch.setattr(CappedPaginator, "cap", 2)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert "lebih dari 2 kerja sama" in page
    counts = _count_queries(captured)
    assert len(counts) == 1 and "LIMIT 3" in counts[0], counts
    # The rows of the first page are still there.
    assert "PKS pengamanan" in page


def test_below_the_cap_the_count_is_exact(ponorogo_data, operator, login):
    client = login(operator)
    response = client.get(LIST)
    paginator = response.context["table"].paginator
    assert not paginator.capped
    assert f"{paginator.count} kerja sama" in response.content.decode()
    assert paginator.count == len(response.context["table"].rows)
