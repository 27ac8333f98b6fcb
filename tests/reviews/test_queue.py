"""The reviewer's queue: paginated with its total, oldest first, filtered, scoped, and with a
query count that does not grow with the number of reviews."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement
from offices.models import Membership, Office
from reviews.models import Review
from tests.factories import member

pytestmark = pytest.mark.django_db
QUEUE = reverse("reviews:queue")
_next_id = iter(range(1, 1_000_000))


def add_reviews(n: int, *, to: Office, sender: Office, kind: str = "PKS", **fields) -> list:
    """`n` reviews addressed to `to`, submitted one day apart (the first is the oldest);
    titles "<kind> 0", "<kind> 1", …"""
    content_type = ContentType.objects.get_for_model(Agreement)
    now = timezone.now()
    reviews = []
    for i in range(n):
        review = Review.objects.create(
            content_type=content_type,
            object_id=next(_next_id),
            office=to,
            submitted_from=sender,
            round=1,
            step=1,
            subject_kind=kind,
            subject_title=f"{kind} {i}",
            **fields,
        )
        created = now - datetime.timedelta(days=n - i)
        Review.objects.filter(pk=review.pk).update(created_at=created)
        reviews.append(review)
    return reviews


def titles(response) -> list[str]:
    return [review.subject_title for review, _age, _kind in response.context["rows"]]


def test_queue_paginates_25_with_total_and_page_links(login, reviewer, jatim, ponorogo):
    add_reviews(40, to=jatim, sender=ponorogo)
    client = login(reviewer)
    first = client.get(QUEUE)
    assert first.status_code == 200
    assert titles(first) == [f"PKS {i}" for i in range(25)]  # oldest first
    content = first.content.decode()
    assert "40 menunggu" in content
    assert 'href="?page=2"' in content
    second = client.get(QUEUE, {"page": 2})
    assert titles(second) == [f"PKS {i}" for i in range(25, 40)]
    assert "40 menunggu" in second.content.decode()


def test_queue_newest_first_on_request_and_links_keep_filters(login, reviewer, jatim, ponorogo):
    add_reviews(30, to=jatim, sender=ponorogo)
    response = login(reviewer).get(QUEUE, {"sort": "newest", "kind": "PKS"})
    assert titles(response)[:2] == ["PKS 29", "PKS 28"]
    assert 'href="?sort=newest&amp;kind=PKS&amp;page=2"' in response.content.decode()


def test_queue_filters(login, reviewer, jatim, ponorogo, offices):
    madiun = Office.objects.get(code="35.19")
    add_reviews(3, to=jatim, sender=ponorogo, kind="PKS")
    add_reviews(2, to=jatim, sender=madiun, kind="MONEV")
    decided = add_reviews(1, to=jatim, sender=ponorogo, kind="NK")[0]
    Review.objects.filter(pk=decided.pk).update(
        decision=Review.Decision.APPROVED, decided_at=timezone.now()
    )
    client = login(reviewer)
    assert "5 menunggu" in client.get(QUEUE).content.decode()
    assert titles(client.get(QUEUE, {"kind": "MONEV"})) == ["MONEV 0", "MONEV 1"]
    assert titles(client.get(QUEUE, {"office": madiun.pk})) == ["MONEV 0", "MONEV 1"]
    assert titles(client.get(QUEUE, {"q": "pks 2"})) == ["PKS 2"]
    assert titles(client.get(QUEUE, {"older_than": 2})) == ["PKS 0", "PKS 1", "MONEV 0"]
    done = client.get(QUEUE, {"status": "decided"})
    assert titles(done) == ["NK 0"]
    assert "1 sudah diputuskan" in done.content.decode()
    assert "Disetujui" in done.content.decode()


def test_queue_office_choices_are_the_reviewers_scope(login, reviewer, jatim, sleman):
    form = login(reviewer).get(QUEUE).context["form"]
    choices = set(form.fields["office"].queryset.values_list("code", flat=True))
    assert "35.02" in choices and "35" in choices
    assert "34.04" not in choices
    refused = login(reviewer).get(QUEUE, {"office": sleman.pk, "kind": "PKS"})
    assert refused.status_code == 200
    assert refused.context["form"].errors["office"]


def test_queue_outsiders_see_nothing_of_jawa_timur(login, outsider, jatim, ponorogo, offices):
    add_reviews(3, to=jatim, sender=ponorogo)
    assert login(outsider).get(QUEUE).status_code == 403  # Sleman operator: not a reviewer
    diy_reviewer = member("verifikator.diy", "34", Membership.Role.REVIEWER)
    response = login(diy_reviewer).get(QUEUE)
    assert response.status_code == 200
    assert titles(response) == []
    assert "0 menunggu" in response.content.decode()
    assert "PKS 0" not in response.content.decode()
    assert titles(login(diy_reviewer).get(QUEUE, {"office": ponorogo.pk})) == []


def test_queue_roles_and_methods(client, login, operator, reviewer):
    assert client.get(QUEUE)["Location"].startswith(reverse("login"))
    assert login(operator).get(QUEUE).status_code == 403
    assert login(reviewer).post(QUEUE).status_code == 405


@pytest.mark.parametrize("page", ["abc", "99999", "-1", "0", ""])
def test_queue_bad_page_numbers_answer_a_page(login, reviewer, jatim, ponorogo, page):
    add_reviews(30, to=jatim, sender=ponorogo)
    response = login(reviewer).get(QUEUE, {"page": page})
    assert response.status_code == 200
    shown = titles(response)
    if page in ("99999", "-1", "0"):  # out of range: Paginator.get_page shows the last page
        assert shown == [f"PKS {i}" for i in range(25, 30)]
    else:
        assert shown == [f"PKS {i}" for i in range(25)]
    assert "30 menunggu" in response.content.decode()


def _count(client, **params) -> int:
    client.get(QUEUE, params)  # warm per-process caches (content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("params", [{}, {"status": "decided", "office": "PONOROGO", "q": "NK"}])
def test_queue_query_count_same_for_3_and_40(login, reviewer, jatim, ponorogo, params):
    params = {k: ponorogo.pk if v == "PONOROGO" else v for k, v in params.items()}
    client = login(reviewer)
    decided = {"decision": Review.Decision.RETURNED, "decided_at": timezone.now()}
    add_reviews(3, to=jatim, sender=ponorogo)
    add_reviews(3, to=jatim, sender=ponorogo, kind="NK", **decided)
    few = _count(client, **params)
    add_reviews(37, to=jatim, sender=ponorogo)
    add_reviews(37, to=jatim, sender=ponorogo, kind="NK", **decided)
    assert _count(client, **params) == few
