"""Four eyes on monev: whoever submitted or edited an evaluation never decides it, and KPU
RI's own evaluations go to another reviewer of KPU RI instead of being accepted on
submission."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from evaluations import services
from evaluations.models import Evaluation
from offices.models import Membership, Office
from reviews.models import Review
from reviews.services import review_decide
from tests.factories import member, signed_agreement
from tests.workflows import add_activity, open_evaluation, ready

pytestmark = pytest.mark.django_db
Role = Membership.Role


def pending(evaluation) -> Review:
    return Review.objects.get(object_id=evaluation.pk, decision=Review.Decision.PENDING)


def test_regency_operator_reviewing_at_the_province_cannot_accept_own_evaluation(
    evaluation, operator, reviewer
):
    member("operator.ponorogo", "35", Role.REVIEWER)
    operator.refresh_from_db()
    services.evaluation_submit(user=operator, evaluation=ready(evaluation, operator))
    with pytest.raises(ValidationError) as refused:
        review_decide(review=pending(evaluation), user=operator, decision="APPROVED")
    assert refused.value.code == "four_eyes"
    review_decide(review=pending(evaluation), user=reviewer, decision="APPROVED")
    evaluation.refresh_from_db()
    assert evaluation.state == Evaluation.State.ACCEPTED


def test_kpu_ri_evaluation_not_accepted_on_submission_nor_by_its_editors(
    ri_operator, ri_reviewer, offices
):
    national = Office.objects.get(level=Office.Level.NATIONAL)
    member("operator.ri", "", Role.REVIEWER)
    ri_operator.refresh_from_db()
    colleague = member("operator2.ri", "", Role.OPERATOR)
    member("operator2.ri", "", Role.REVIEWER)
    colleague.refresh_from_db()
    evaluation = open_evaluation(signed_agreement(national))
    add_activity(evaluation, colleague, datetime.date(2026, 4, 2), description="Rapat mitra")
    evaluation = services.evaluation_submit(
        user=ri_operator, evaluation=ready(evaluation, ri_operator)
    )
    assert evaluation.state == Evaluation.State.SUBMITTED
    assert evaluation.accepted_at is None
    review = pending(evaluation)
    assert review.office == national
    for recused in (ri_operator, colleague):
        with pytest.raises(ValidationError) as refused:
            review_decide(review=review, user=recused, decision="APPROVED")
        assert refused.value.code == "four_eyes"
    review_decide(review=review, user=ri_reviewer, decision="APPROVED")
    evaluation.refresh_from_db()
    assert evaluation.state == Evaluation.State.ACCEPTED
