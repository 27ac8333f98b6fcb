import pytest
from django.core import mail

from agreements import services
from notifications.models import Notification
from reviews.models import Review
from reviews.services import review_decide

pytestmark = pytest.mark.django_db


def _kinds(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_reviewers_hear_of_a_submission_and_drafters_of_the_decision(
    nk_draft, operator, reviewer, outsider, commissioner
):
    services.agreement_submit(user=operator, agreement=nk_draft)
    assert _kinds(reviewer) == ["REVIEW_REQUESTED"]
    request = Notification.objects.get(recipient=reviewer)
    review = Review.objects.get(object_id=nk_draft.pk)
    assert request.url == f"/verifikasi/{review.pk}/"
    assert "KPU Kabupaten Ponorogo" in request.body

    review_decide(review=review, user=reviewer, decision="RETURNED", notes="Tambah pasal sanksi.")
    decided = Notification.objects.get(recipient=operator)
    assert decided.kind == "REVIEW_DECIDED"
    assert decided.title.startswith("Dikembalikan")
    assert "Tambah pasal sanksi." in decided.body
    assert decided.url == nk_draft.get_absolute_url()
    assert _kinds(outsider) == []
    assert _kinds(commissioner) == []


def test_next_step_reviewers_hear_when_the_province_approves(
    nk_draft, operator, reviewer, ri_reviewer
):
    services.agreement_submit(user=operator, agreement=nk_draft)
    review = Review.objects.get(object_id=nk_draft.pk)
    review_decide(review=review, user=reviewer, decision="APPROVED")
    assert _kinds(ri_reviewer) == ["REVIEW_REQUESTED"]
    assert mail.outbox == []  # emails leave later, from the recorded rows
