"""The weighted score, every band boundary, and overriding the recommendation."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from evaluations.instruments import current_instrument, weighted_score
from evaluations.models import Evaluation, Recommendation
from tests.workflows import fill

pytestmark = pytest.mark.django_db
R = Recommendation


@pytest.mark.parametrize(
    ("score", "band"),
    [
        ("100", R.CONTINUE),
        ("80", R.CONTINUE),
        ("80.00", R.CONTINUE),
        ("79.99", R.IMPROVE),
        ("60", R.IMPROVE),
        ("59.99", R.REVIEW),
        ("40", R.REVIEW),
        ("39.99", R.END),
        ("20", R.END),
    ],
)
def test_band_boundaries(score, band):
    assert current_instrument().recommendation_for(Decimal(score)) == band


def test_weighted_score_is_score_over_five_times_weight():
    # weights 20/25/25/15/15: 5·20 + 4·25 + 3·25 + 2·15 + 1·15 = 320 → 320 / 5 = 64
    assert weighted_score([(20, 5), (25, 4), (25, 3), (15, 2), (15, 1)]) == Decimal("64.00")
    assert weighted_score([(20, 4), (25, 4), (25, 4), (15, 4), (15, 4)]) == Decimal("80.00")
    assert weighted_score([(33, 3), (33, 3), (34, 4)]) == Decimal("66.80")


def test_default_instrument_weights_sum_to_100():
    criteria = list(current_instrument().criteria.all())
    assert len(criteria) == 5
    assert sum(c.weight for c in criteria) == 100
    assert all(len(c.descriptors) == 5 and all(c.descriptors) for c in criteria)


def test_all_fours_continue_all_threes_improve(evaluation, operator):
    evaluation = fill(evaluation, operator, 4)
    assert (evaluation.score, evaluation.recommendation) == (Decimal("80.00"), R.CONTINUE)
    evaluation = fill(evaluation, operator, 3)
    assert (evaluation.score, evaluation.recommendation) == (Decimal("60.00"), R.IMPROVE)
    evaluation = fill(evaluation, operator, 2)
    assert (evaluation.score, evaluation.recommendation) == (Decimal("40.00"), R.REVIEW)
    evaluation = fill(evaluation, operator, 1)
    assert (evaluation.score, evaluation.recommendation) == (Decimal("20.00"), R.END)


def test_score_stays_empty_until_every_criterion_is_scored(evaluation, operator):
    first = evaluation.instrument.criteria.first()
    evaluation = fill(evaluation, operator, scores={first.pk: (5, "Sangat sesuai.")})
    assert evaluation.score is None
    assert evaluation.recommendation == ""
    assert evaluation.scores.count() == 1


def test_override_without_justification_refused(evaluation, operator):
    with pytest.raises(ValidationError) as refused:
        fill(evaluation, operator, 4, recommendation_override=R.REVIEW)
    assert "override_justification" in refused.value.error_dict
    evaluation.refresh_from_db()
    assert evaluation.recommendation == ""  # nothing was stored
    assert evaluation.scores.count() == 0


def test_override_with_justification_kept_beside_the_computed_band(evaluation, operator):
    evaluation = fill(
        evaluation,
        operator,
        4,
        recommendation_override=R.REVIEW,
        override_justification="Mitra berganti pimpinan; ruang lingkup perlu ditinjau.",
    )
    assert evaluation.computed_recommendation == R.CONTINUE
    assert evaluation.recommendation == R.REVIEW
    assert evaluation.is_overridden


def test_database_refuses_an_unjustified_override(evaluation, operator):
    fill(evaluation, operator, 4)
    with pytest.raises(IntegrityError), transaction.atomic():
        Evaluation.objects.filter(pk=evaluation.pk).update(recommendation=R.END)


def test_stale_form_refused(evaluation, operator):
    old_version = evaluation.lock_version
    fill(evaluation, operator, 4)
    with pytest.raises(ValidationError) as refused:
        fill(evaluation, operator, 2, lock_version=old_version)
    assert refused.value.code == "stale"
    evaluation.refresh_from_db()
    assert evaluation.score == Decimal("80.00")
