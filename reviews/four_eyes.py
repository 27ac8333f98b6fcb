"""Segregation of duties: who may not decide a review, and what they are told.

The submitter of a round and everyone who edited the subject can never decide it. Editors
are read from the activity log, the explicit record of who did what to the subject (its
django-simple-history rows are not used: a reviewer's decision saves the subject too, so
the history would name the reviewer as an editor). Every logged action on the subject
counts as an edit except the few below that change no content; an action added later
counts until it is listed here, so a new kind of edit never lets its author decide.
"""

from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.models import ActivityLog

from .models import Review

# Logged on the subject without changing what is reviewed: decisions and their effect,
# the opening of an evaluation by the nightly job, a PDF preview.
NOT_EDITS = ("agreement.cleared", "evaluation.opened", "document.requested")
FOUR_EYES = _(
    "Anda tidak dapat memutuskan verifikasi ini karena Anda mengajukan atau menyunting "
    "drafnya. Keputusan harus diambil verifikator lain (prinsip empat mata)."
)


def editors_of(subject: models.Model) -> set[int]:
    """Ids of the users who changed `subject`, in any round, by its activity log."""
    actors = (
        ActivityLog.objects.filter(
            content_type=ContentType.objects.get_for_model(subject),
            object_id=str(subject.pk),
            actor__isnull=False,
        )
        .exclude(action__startswith="review.")
        .exclude(action__in=NOT_EDITS)
        .values_list("actor_id", flat=True)
        .distinct()
    )
    return set(actors)


def recused_for(subject: models.Model, submitted_by) -> list[int]:
    """The users who may not decide a review of `subject`: its submitter and its editors."""
    ids = editors_of(subject)
    if submitted_by is not None:
        ids.add(submitted_by.pk)
    return sorted(ids)


def is_recused(review: Review, user) -> bool:
    return user.pk == review.submitted_by_id or user.pk in review.recused


def decided_message(review: Review) -> str:
    """The "Sudah diputuskan oleh … pada …" refusal for whoever tries to decide a decided
    review, with the time in the reviewing office's zone."""
    when = ""
    if review.decided_at is not None:
        local = timezone.localtime(review.decided_at, ZoneInfo(review.office.timezone))
        when = f"{local:%d-%m-%Y %H:%M} {review.office.timezone_label}".strip()
    return gettext("Sudah diputuskan oleh %(person)s pada %(when)s: %(decision)s.") % {
        "person": review.decided_by or "—",
        "when": when or "—",
        "decision": review.get_decision_display(),
    }
