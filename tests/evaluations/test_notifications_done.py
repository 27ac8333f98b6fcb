"""Monev notifications: the reminders end when the evaluation is submitted, and an accepted
evaluation is announced in the page's words ("Diterima", not "Disetujui")."""

import pytest

from evaluations import services
from notifications.models import Notification
from notifications.services import notify
from reviews.models import Review
from reviews.services import review_decide
from tests.workflows import ready

pytestmark = pytest.mark.django_db


def test_submitting_marks_the_due_and_overdue_reminders_done(evaluation, operator):
    reminders = [
        notify(recipients=[operator], kind=kind, title=kind, subject=evaluation)[0]
        for kind in ("EVALUATION_DUE", "EVALUATION_OVERDUE")
    ]
    other = notify(recipients=[operator], kind="GENERAL", title="Lain", subject=evaluation)[0]
    services.evaluation_submit(user=operator, evaluation=ready(evaluation, operator))
    for reminder in reminders:
        reminder.refresh_from_db()
        assert reminder.is_resolved and reminder.is_read
    other.refresh_from_db()
    assert not other.is_resolved and not other.is_read


def test_an_accepted_evaluation_is_announced_as_diterima(evaluation, operator, reviewer):
    services.evaluation_submit(user=operator, evaluation=ready(evaluation, operator))
    request = Notification.objects.get(recipient=reviewer, kind="REVIEW_REQUESTED")
    review = Review.objects.get(object_id=evaluation.pk, decision=Review.Decision.PENDING)
    review_decide(review=review, user=reviewer, decision=Review.Decision.APPROVED)
    decided = Notification.objects.get(recipient=operator, kind="REVIEW_DECIDED")
    assert decided.title.startswith("Diterima: ")
    assert "Disetujui" not in decided.title + decided.body
    request.refresh_from_db()
    assert request.is_resolved
    evaluation.refresh_from_db()
    assert evaluation.get_state_display() == "Diterima"


def test_the_evaluation_page_names_the_decision_as_its_state_does(
    evaluation, operator, reviewer, login
):
    from django.urls import reverse

    services.evaluation_submit(user=operator, evaluation=ready(evaluation, operator))
    review = Review.objects.get(object_id=evaluation.pk, decision=Review.Decision.PENDING)
    review_decide(review=review, user=reviewer, decision=Review.Decision.APPROVED)
    html = login(operator).get(reverse("evaluations:detail", args=[evaluation.pk])).content
    assert "<strong>Diterima</strong>" in html.decode()
    assert "Disetujui" not in html.decode()
