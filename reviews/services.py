"""Opening and deciding reviews; the subject decides what a decision means for it."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.activity import log_activity
from core.figures import figures_changed
from notifications.models import Kind as NotificationKind
from notifications.services import notify, resolve
from offices.models import Membership, Office

from .four_eyes import FOUR_EYES, decided_message, is_recused, recused_for
from .models import Review


@transaction.atomic
def review_open(
    *,
    subject: models.Model,
    office: Office,
    submitted_from: Office,
    submitted_by,
    round: int,
    step: int,
    checklist: list | None = None,
    subject_kind: str = "",
    subject_title: str = "",
) -> Review:
    """Address step `step` of round `round` of `subject` to `office`'s reviewers.

    The submitter and the subject's editors are recused (four eyes) and not asked.
    """
    review = Review(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        office=office,
        submitted_from=submitted_from,
        submitted_by=submitted_by,
        round=round,
        step=step,
        checklist=checklist or [],
        subject_kind=subject_kind,
        subject_title=subject_title[:500],
        recused=recused_for(subject, submitted_by),
    )
    review.full_clean()
    review.save()
    if step == 1:
        # A new round: the drafting office did what the last decision asked of it.
        resolve(subject=subject, kinds=[NotificationKind.REVIEW_DECIDED], office=submitted_from)
    notify(
        recipients=_members(office, Membership.Role.REVIEWER).exclude(pk__in=review.recused),
        kind=NotificationKind.REVIEW_REQUESTED,
        title=_("Menunggu verifikasi Anda: %(title)s") % {"title": review.subject_title},
        body=_("%(office)s mengajukan %(title)s (putaran %(round)s).")
        % {"office": submitted_from, "title": review.subject_title, "round": round},
        url=reverse("reviews:detail", args=[review.pk]),
        subject=subject,
        office=office,
    )
    figures_changed()  # reviews waiting, evaluations awaiting verification
    return review


def _members(office: Office, role: str):
    """Active users holding `role` in `office`."""
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__office=office, memberships__role=role)
        .distinct()
    )


def decision_label(review: Review, subject: models.Model) -> str:
    """The decision in the subject's own words ("Diterima" for an evaluation, as its page
    says), else the review's ("Disetujui", "Dikembalikan")."""
    label = getattr(subject, "review_decision_label", None)
    return str(label(review)) if label else str(review.get_decision_display())


def _tell_submitter(review: Review, subject: models.Model) -> None:
    """The drafting office hears of every decision: who asked, and its operators."""
    people = list(_members(review.submitted_from, Membership.Role.OPERATOR))
    if review.submitted_by is not None:
        people.append(review.submitted_by)
    decision = decision_label(review, subject)
    body = _("%(office)s: %(decision)s.") % {"office": review.office, "decision": decision}
    if review.notes:
        body += "\n" + _("Catatan: %(notes)s") % {"notes": review.notes}
    notify(
        recipients=people,
        kind=NotificationKind.REVIEW_DECIDED,
        title=_("%(decision)s: %(title)s") % {"decision": decision, "title": review.subject_title},
        body=body,
        url=subject.get_absolute_url(),
        subject=subject,
        office=review.submitted_from,
    )


@transaction.atomic
def review_decide(*, review: Review, user, decision: str, notes: str = "") -> Review:
    """Record a reviewer's decision and let the subject react (next step, cleared, returned).

    Only a REVIEWER of the addressed office decides (a superuser too needs that role), never
    the submitter or an editor of the subject (four eyes: refused here with a message, and
    by the database's checks). A review decided meanwhile is refused with who and when.
    """
    review = Review.objects.select_for_update().select_related("office").get(pk=review.pk)
    if not Review.objects.addressed_to_reviewer(user).filter(pk=review.pk).exists():
        raise PermissionDenied
    if review.decision != Review.Decision.PENDING:
        raise ValidationError(decided_message(review), code="decided")
    subject = review.subject
    review.recused = recused_for(subject, review.submitted_by)
    if is_recused(review, user):
        raise ValidationError(FOUR_EYES, code="four_eyes")
    if decision not in (Review.Decision.APPROVED, Review.Decision.RETURNED):
        raise ValidationError(_("Pilih setujui atau kembalikan."))
    if decision == Review.Decision.RETURNED and not notes.strip():
        raise ValidationError(
            {"notes": _("Tuliskan catatan agar pengaju tahu apa yang diperbaiki.")}
        )
    review.decision = decision
    review.notes = notes.strip()
    review.decided_by = user
    review.decided_at = timezone.now()
    review.save()
    log_activity(
        subject=subject,
        action=f"review.{decision.lower()}",
        actor=user,
        message=_("%(decision)s oleh %(office)s (putaran %(round)s).")
        % {
            "decision": decision_label(review, subject),
            "office": review.office,
            "round": review.round,
        },
        changes={"notes": review.notes} if review.notes else {},
    )
    # The reviewers' "waiting for you" and its reminders are done (before the subject
    # reacts: the next step's request, to another office, stays open).
    resolve(subject=subject, kinds=[NotificationKind.REVIEW_REQUESTED], office=review.office)
    resolve(
        subject=review,
        kinds=[NotificationKind.REVIEW_PENDING, NotificationKind.REVIEW_ESCALATED],
    )
    subject.on_review_decided(review)
    _tell_submitter(review, subject)
    figures_changed()  # reviews waiting, their median age, "returned at least once"
    return review


def reviews_of(subject: models.Model):
    """Every review of `subject`, all rounds, in order."""
    return (
        Review.objects.filter(
            content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
        )
        .select_related("office", "decided_by")
        .order_by("round", "step")
    )
