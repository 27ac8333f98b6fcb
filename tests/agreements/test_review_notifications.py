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


def _open(user) -> list[str]:
    """The titles of `user`'s notifications still waiting (not done)."""
    return list(
        Notification.objects.filter(recipient=user, resolved_at__isnull=True).values_list(
            "title", flat=True
        )
    )


def test_a_decision_marks_the_reviewers_request_done(nk_draft, operator, reviewer, ri_reviewer):
    services.agreement_submit(user=operator, agreement=nk_draft)
    request = Notification.objects.get(recipient=reviewer)
    assert request.title.startswith("Menunggu verifikasi Anda") and not request.is_read
    review = Review.objects.get(object_id=nk_draft.pk)
    review_decide(review=review, user=reviewer, decision="APPROVED")
    request.refresh_from_db()
    assert request.is_resolved and request.is_read
    # The next step's request, addressed to KPU RI, waits for its reviewers.
    assert len(_open(ri_reviewer)) == 1 and _open(ri_reviewer)[0].startswith("Menunggu")


def test_a_pending_review_reminder_is_done_once_decided(nk_draft, operator, reviewer):
    from notifications.services import notify

    services.agreement_submit(user=operator, agreement=nk_draft)
    review = Review.objects.get(object_id=nk_draft.pk)
    [reminder] = notify(
        recipients=[reviewer], kind="REVIEW_PENDING", title="Verifikasi menunggu", subject=review
    )
    review_decide(review=review, user=reviewer, decision="RETURNED", notes="Lengkapi.")
    reminder.refresh_from_db()
    assert reminder.is_resolved


def test_resubmitting_marks_the_return_done_and_signing_the_approval(
    nk_draft, operator, reviewer, ri_reviewer
):
    from tests.workflows import decide_all, sign

    services.agreement_submit(user=operator, agreement=nk_draft)
    review = Review.objects.get(object_id=nk_draft.pk)
    review_decide(review=review, user=reviewer, decision="RETURNED", notes="Tambah pasal.")
    [returned] = Notification.objects.filter(recipient=operator)
    assert not returned.is_resolved
    nk_draft.refresh_from_db()
    services.agreement_submit(user=operator, agreement=nk_draft)
    returned.refresh_from_db()
    assert returned.is_resolved and returned.is_read
    decide_all(nk_draft, reviewer, ri_reviewer)
    assert [t.split(":")[0] for t in _open(operator)] == ["Disetujui", "Disetujui"]
    sign(nk_draft, operator)
    assert _open(operator) == []


def test_a_done_notification_sends_no_email_it_had_not_sent(nk_draft, operator, reviewer):
    reviewer.email = "verifikator@kpu.go.id"
    reviewer.save()
    services.agreement_submit(user=operator, agreement=nk_draft)
    request = Notification.objects.get(recipient=reviewer)
    assert request.email_status == "PENDING"
    review_decide(
        review=Review.objects.get(object_id=nk_draft.pk),
        user=reviewer,
        decision="RETURNED",
        notes="Lengkapi.",
    )
    request.refresh_from_db()
    assert request.email_status == "NONE"


def test_the_list_shows_a_done_notification_as_done(nk_draft, operator, reviewer, login):
    from django.urls import reverse

    services.agreement_submit(user=operator, agreement=nk_draft)
    review_decide(
        review=Review.objects.get(object_id=nk_draft.pk),
        user=reviewer,
        decision="RETURNED",
        notes="Lengkapi.",
    )
    page = login(reviewer).get(reverse("notifications:list")).content.decode()
    assert 'data-testid="notification-resolved"' in page
    assert "Tandai dibaca" not in page
