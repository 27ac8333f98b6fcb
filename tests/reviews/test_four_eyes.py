"""Four eyes: the submitter of a round and anyone who edited the draft never decide it;
a superuser decides only with a REVIEWER role at the addressed office; KPU RI's own drafts
go to KPU RI's other reviewers instead of clearing on submission."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from agreements import services
from agreements.clauses import clause_update
from agreements.models import Agreement
from notifications.models import Notification
from offices.models import Membership, Office
from reviews.models import Review
from reviews.services import review_decide
from tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db
Role = Membership.Role


def pending(agreement) -> Review:
    return Review.objects.get(object_id=agreement.pk, decision=Review.Decision.PENDING)


@pytest.fixture
def ponorogo_reviewing_jatim(operator):
    """operator.ponorogo also given a REVIEWER role at KPU Provinsi Jawa Timur."""
    member("operator.ponorogo", "35", Role.REVIEWER)
    operator.refresh_from_db()
    return operator


@pytest.fixture
def submitted_pks(make_draft, ponorogo_reviewing_jatim):
    pks = make_draft("PKS")
    return services.agreement_submit(user=ponorogo_reviewing_jatim, agreement=pks)


def test_submitter_with_reviewer_role_cannot_approve_own_pks(
    submitted_pks, ponorogo_reviewing_jatim, jatim
):
    review = pending(submitted_pks)
    assert review.office == jatim
    with pytest.raises(ValidationError) as refused:
        review_decide(review=review, user=ponorogo_reviewing_jatim, decision="APPROVED")
    assert refused.value.code == "four_eyes"
    assert "prinsip empat mata" in refused.value.messages[0]
    review.refresh_from_db()
    assert review.decision == Review.Decision.PENDING
    assert not Review.objects.decidable_by(ponorogo_reviewing_jatim).exists()


def test_submitter_sees_the_reason_not_a_form_and_a_post_changes_nothing(
    submitted_pks, ponorogo_reviewing_jatim, login
):
    review = pending(submitted_pks)
    client = login(ponorogo_reviewing_jatim)
    url = reverse("reviews:detail", args=[review.pk])
    page = client.get(url)
    assert page.context["form"] is None
    assert "prinsip empat mata" in page.content.decode()
    response = client.post(url, {"decision": "APPROVED"}, follow=True)
    assert response.redirect_chain[-1][0] == url
    assert "prinsip empat mata" in response.content.decode()
    review.refresh_from_db()
    submitted_pks.refresh_from_db()
    assert review.decision == Review.Decision.PENDING
    assert submitted_pks.state == Agreement.State.SUBMITTED


def test_an_editor_of_the_draft_cannot_decide_it(make_draft, operator, reviewer, offices):
    """A colleague who changed a Pasal, not the submitter, holds a reviewer role above."""
    colleague = member("operator2.ponorogo", "35.02", Role.OPERATOR)
    member("operator2.ponorogo", "35", Role.REVIEWER)
    colleague.refresh_from_db()
    pks = make_draft("PKS")
    clause = pks.clauses.first()
    clause_update(
        user=colleague, clause=clause, heading=clause.heading, body=clause.body + "\nDiubah."
    )
    services.agreement_submit(user=operator, agreement=pks)
    review = pending(pks)
    assert colleague.pk in review.recused
    with pytest.raises(ValidationError) as refused:
        review_decide(review=review, user=colleague, decision="APPROVED")
    assert refused.value.code == "four_eyes"
    review_decide(review=review, user=reviewer, decision="APPROVED")  # another person may
    pks.refresh_from_db()
    assert pks.state == Agreement.State.CLEARED


def test_recused_reviewer_is_not_asked(reviewer, ponorogo_reviewing_jatim, submitted_pks):
    asked = Notification.objects.filter(kind="REVIEW_REQUESTED").values_list("recipient", flat=True)
    assert reviewer.pk in set(asked)
    assert ponorogo_reviewing_jatim.pk not in set(asked)


def test_superuser_without_the_role_cannot_decide(submitted_pks, login, offices):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    review = pending(submitted_pks)
    with pytest.raises(PermissionDenied):
        review_decide(review=review, user=root, decision="APPROVED")
    assert not Review.objects.decidable_by(root).exists()
    client = login(root)
    url = reverse("reviews:detail", args=[review.pk])
    assert client.get(url).context["form"] is None
    assert client.post(url, {"decision": "APPROVED"}).status_code == 403
    review.refresh_from_db()
    assert review.decision == Review.Decision.PENDING


def test_superuser_with_the_role_at_the_office_decides(submitted_pks, offices):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    Membership.objects.create(user=root, office=Office.objects.get(code="35"), role=Role.REVIEWER)
    review = review_decide(review=pending(submitted_pks), user=root, decision="APPROVED")
    assert review.decided_by == root


def test_kpu_ri_draft_not_cleared_on_submission_and_its_drafter_cannot_decide(
    make_draft, ri_reviewer, offices
):
    national = Office.objects.get(level=Office.Level.NATIONAL)
    drafter = member("operator.ri", "", Role.OPERATOR)
    member("operator.ri", "", Role.REVIEWER)
    drafter.refresh_from_db()
    nk = make_draft("NK", user=drafter, office=national)
    nk = services.agreement_submit(user=drafter, agreement=nk)
    assert nk.state == Agreement.State.SUBMITTED
    review = pending(nk)
    assert (review.office, review.submitted_by) == (national, drafter)
    with pytest.raises(ValidationError) as refused:
        review_decide(review=review, user=drafter, decision="APPROVED")
    assert refused.value.code == "four_eyes"
    review_decide(review=review, user=ri_reviewer, decision="APPROVED")
    nk.refresh_from_db()
    assert nk.state == Agreement.State.CLEARED


def test_a_reviewer_who_returned_a_round_decides_the_next(make_draft, ri_reviewer, offices):
    """Deciding is not editing: the reviewer of round 1 is not recused from round 2."""
    national = Office.objects.get(level=Office.Level.NATIONAL)
    drafter = member("operator.ri", "", Role.OPERATOR)
    nk = services.agreement_submit(
        user=drafter, agreement=make_draft("NK", user=drafter, office=national)
    )
    review_decide(review=pending(nk), user=ri_reviewer, decision="RETURNED", notes="Lengkapi.")
    nk = services.agreement_submit(user=drafter, agreement=nk)
    second = pending(nk)
    assert second.recused == [drafter.pk]
    review_decide(review=second, user=ri_reviewer, decision="APPROVED")


def test_database_refuses_a_decision_by_the_submitter(submitted_pks, ponorogo_reviewing_jatim):
    review = pending(submitted_pks)
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.filter(pk=review.pk).update(
            decision="APPROVED", decided_by=ponorogo_reviewing_jatim
        )


def test_database_refuses_a_decision_by_a_recused_editor(submitted_pks, reviewer):
    review = pending(submitted_pks)
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.filter(pk=review.pk).update(
            decision="APPROVED", decided_by=reviewer, recused=[reviewer.pk]
        )
