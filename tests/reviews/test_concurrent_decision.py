"""Two reviewers deciding one review at once: one decision is recorded, and the other is
told who decided and when ("Sudah diputuskan oleh … pada …"), not given a bare 403."""

import threading
from concurrent.futures import ThreadPoolExecutor
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from agreements import services
from offices.models import Membership
from reviews.models import Review
from reviews.services import review_decide
from tests.factories import member


def as_user(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def second_reviewer(offices):
    return member("verifikator2.jatim", "35", Membership.Role.REVIEWER)


@pytest.fixture
def review(make_draft, operator) -> Review:
    pks = services.agreement_submit(user=operator, agreement=make_draft("PKS"))
    return Review.objects.get(object_id=pks.pk)


@pytest.mark.django_db
def test_a_decision_on_a_decided_review_says_who_and_when(reviewer, second_reviewer, review, jatim):
    page = reverse("reviews:detail", args=[review.pk])
    second = as_user(second_reviewer)
    assert second.get(page).context["form"] is not None  # opened while still pending
    review_decide(review=review, user=reviewer, decision="APPROVED")
    response = second.post(page, {"decision": "RETURNED", "notes": "Lengkapi."}, follow=True)
    assert response.redirect_chain == [(page, 302)]
    html = response.content.decode()
    review.refresh_from_db()
    assert f"Sudah diputuskan oleh {reviewer}" in html
    decided_at = review.decided_at.astimezone(ZoneInfo(jatim.timezone))
    assert f"pada {decided_at:%d-%m-%Y %H:%M} WIB: Disetujui" in html
    assert (review.decision, review.decided_by) == ("APPROVED", reviewer)


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_once_one_decision_and_the_other_told(reviewer, second_reviewer, review):
    page = reverse("reviews:detail", args=[review.pk])
    barrier = threading.Barrier(2)
    posts = [
        (reviewer, {"decision": "APPROVED"}),
        (second_reviewer, {"decision": "RETURNED", "notes": "Lengkapi pasal sanksi."}),
    ]

    def decide(post):
        user, data = post
        client = as_user(user)
        try:
            barrier.wait(timeout=30)
            response = client.post(page, data)
            told = client.get(page).content.decode() if response["Location"] == page else ""
            return response.status_code, response["Location"], told
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(decide, posts))
    assert sorted((status, location) for status, location, _told in results) == sorted(
        [(302, reverse("reviews:queue")), (302, page)]
    )  # one decided, the other was sent back to the review page
    review.refresh_from_db()
    told = next(text for _status, location, text in results if location == page)
    assert f"Sudah diputuskan oleh {review.decided_by}" in told
    assert review.get_decision_display() in told
