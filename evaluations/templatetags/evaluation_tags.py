"""Monev in templates: ``{% load evaluation_tags %}``.

``{% agreement_evaluations agreement request.user %}`` fills the agreement page as evaluations
extends it (evaluations/agreement_detail.py): the agreement's evaluations over time and its
"tanpa tindak lanjut" flag in two queries, however many evaluations it has.
"""

from django import template
from django.conf import settings

from agreements.models import Kind
from evaluations.models import Evaluation, Recommendation
from evaluations.selectors import SIGNED_STATES, follow_up_flags_of, office_today
from evaluations.selectors import agreement_evaluations as evaluations_of
from reviews.services import decision_label

register = template.Library()

RECOMMENDATION_CSS = {
    Recommendation.CONTINUE: "text-bg-success",
    Recommendation.IMPROVE: "text-bg-primary",
    Recommendation.REVIEW: "text-bg-warning",
    Recommendation.END: "text-bg-danger",
}
STATE_CSS = {
    Evaluation.State.DRAFT: "text-bg-secondary",
    Evaluation.State.SUBMITTED: "text-bg-info",
    Evaluation.State.RETURNED: "text-bg-warning",
    Evaluation.State.ACCEPTED: "text-bg-success",
}


@register.filter
def recommendation_css(value: str) -> str:
    """The Bootstrap badge class of a recommendation."""
    return RECOMMENDATION_CSS.get(value, "text-bg-light")


@register.filter
def evaluation_state_css(value: str) -> str:
    """The Bootstrap badge class of an evaluation state."""
    return STATE_CSS.get(value, "text-bg-light")


@register.simple_tag
def review_decision(review, evaluation) -> str:
    """A review's decision in the evaluation's words: "Diterima", as its state says."""
    return decision_label(review, evaluation)


@register.simple_tag
def follow_up_months() -> int:
    """The months after which a signed NK without a signed PKS or an activity is "tanpa
    tindak lanjut" (settings.REMINDER_RULES, the one definition the selectors use)."""
    return settings.REMINDER_RULES["nk_follow_up_months"]


@register.inclusion_tag("evaluations/includes/agreement_evaluations.html")
def agreement_evaluations(agreement, user) -> dict:
    """The agreement's evaluations (period, score, recommendation, state, link) and flags.

    Drafts and addenda (evaluated with the agreement they change) show nothing. `user`
    already sees the agreement, and an evaluation is in scope exactly when its
    agreement is, so every row is theirs to open.
    """
    if agreement.state not in SIGNED_STATES or agreement.kind == Kind.ADDENDUM:
        return {"agreement": agreement, "shown": False}
    today = office_today(agreement.office)
    return {
        "shown": True,
        "agreement": agreement,
        "evaluations": list(evaluations_of(agreement)),
        "flags": follow_up_flags_of(agreement, today),
        "user": user,
    }
