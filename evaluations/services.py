"""Lifecycle of an evaluation: opened when due, filled in as a draft, submitted one level up,
returned or accepted. Views, tasks and commands all change state here."""

import datetime
import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Agreement
from core.activity import log_activity
from core.figures import figures_changed
from core.idn import long_date
from core.locking import check_lock_version
from notifications.models import Kind as NotificationKind
from notifications.services import resolve as resolve_notifications
from offices.models import Office
from reviews.models import Review
from reviews.services import review_open

from .access import require_write
from .instruments import current_instrument, weighted_score
from .models import Evaluation, Instrument
from .selectors import (
    Period,
    agreements_to_evaluate,
    due_periods,
    office_today,
    registration_backlog_start,
)

State = Evaluation.State
Status = Evaluation.Status
logger = logging.getLogger(__name__)
OPEN_CHUNK = 500
# A defensive bound on what one run opens for one agreement: the periods of ten years of
# semesters. An agreement dated 0001-01-01 … 9999-12-31 once made one run open 4,051
# evaluations; which periods are due at all is the selectors' rule.
MAX_OPEN_PER_AGREEMENT = 20
REVIEW_KIND = "MONEV"


def lock_for_edit(user, evaluation: Evaluation) -> Evaluation:
    require_write(user, evaluation)
    locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if not locked.is_editable:
        raise ValidationError(
            _("Hanya evaluasi berstatus draf atau dikembalikan yang dapat diubah.")
        )
    return locked


# --- Opening -------------------------------------------------------------------------------


@transaction.atomic
def evaluation_open(
    *, agreement: Agreement, period: Period, instrument: Instrument
) -> tuple[Evaluation, bool]:
    """The evaluation of `agreement` for `period`, created if missing (True when created).

    Safe when two callers race: the unique constraint on (agreement, year, semester) lets one
    insert win and the other reads that row (get_or_create retries the read after the
    IntegrityError inside its savepoint).
    """
    evaluation, created = Evaluation.objects.get_or_create(
        agreement=agreement,
        year=period.year,
        semester=period.semester,
        defaults={
            "instrument": instrument,
            "period_start": period.start,
            "period_end": period.end,
            "due_date": period.end + datetime.timedelta(days=instrument.grace_days),
        },
    )
    if created:
        log_activity(
            subject=evaluation,
            action="evaluation.opened",
            message=_("Evaluasi %(period)s dibuka; jatuh tempo %(due)s.")
            % {"period": period.label, "due": long_date(evaluation.due_date)},
        )
    return evaluation, created


def evaluations_open_due(*, now: datetime.datetime | None = None) -> int:
    """Open every evaluation that has fallen due by each office's local date.

    Running it twice opens nothing twice. Returns how many evaluations were created.
    """
    now = now or timezone.now()
    instrument = current_instrument()
    created = 0
    chunk: list[Agreement] = []
    for agreement in agreements_to_evaluate().iterator(chunk_size=OPEN_CHUNK):
        chunk.append(agreement)
        if len(chunk) == OPEN_CHUNK:
            created += _open_chunk(chunk, instrument, now)
            chunk = []
    return created + (_open_chunk(chunk, instrument, now) if chunk else 0)


def _open_chunk(agreements: list[Agreement], instrument: Instrument, now) -> int:
    existing = set(
        Evaluation.objects.filter(agreement__in=agreements).values_list(
            "agreement_id", "year", "semester"
        )
    )
    created = 0
    for agreement in agreements:
        periods = due_periods(
            start=agreement.start_date or agreement.signed_on,
            end=agreement.effective_end,
            frequency=agreement.evaluation_frequency,
            today=office_today(agreement.office, now),
            not_before=registration_backlog_start(agreement),
        )
        if len(periods) > MAX_OPEN_PER_AGREEMENT:
            logger.warning(
                "Agreement %s has %s due periods; opening only the latest %s",
                agreement.pk,
                len(periods),
                MAX_OPEN_PER_AGREEMENT,
            )
            # The latest ones, always the same window: older periods are never reached by
            # later runs either.
            periods = periods[-MAX_OPEN_PER_AGREEMENT:]
        for period in periods:
            if (agreement.pk, period.year, period.semester) in existing:
                continue
            _evaluation, made = evaluation_open(
                agreement=agreement, period=period, instrument=instrument
            )
            created += made
    return created


# --- Filling in --------------------------------------------------------------------------------


def _save_scores(
    evaluation: Evaluation, scores: dict[int, tuple[int | None, str]]
) -> Decimal | None:
    """Store the scores of the instrument's criteria; the weighted result once all are scored."""
    pairs = []
    for criterion in evaluation.instrument.criteria.all():
        value, reason = scores.get(criterion.pk, (None, ""))
        if value is None:
            evaluation.scores.filter(criterion=criterion).delete()
            continue
        if value not in (1, 2, 3, 4, 5):
            raise ValidationError(_("Skor %(name)s harus 1–5.") % {"name": criterion.name})
        evaluation.scores.update_or_create(
            criterion=criterion, defaults={"value": value, "reason": reason.strip()}
        )
        pairs.append((criterion.weight, value))
    complete = len(pairs) == evaluation.instrument.criteria.count()
    return weighted_score(pairs) if complete and pairs else None


@transaction.atomic
def evaluation_update(
    *,
    user,
    evaluation: Evaluation,
    lock_version: int,
    implementation_status: str,
    obstacles: str = "",
    follow_up: str = "",
    budget_realised: Decimal | None = None,
    scores: dict[int, tuple[int | None, str]] | None = None,
    recommendation_override: str = "",
    override_justification: str = "",
) -> Evaluation:
    """Save the draft: status, scores with reasons, the computed score and recommendation.

    A recommendation other than the computed one needs a written justification. A form
    opened before someone else saved is refused (optimistic lock).
    """
    locked = lock_for_edit(user, evaluation)
    check_lock_version(locked, lock_version)
    locked.implementation_status = implementation_status
    locked.obstacles = obstacles.strip()
    locked.follow_up = follow_up.strip()
    locked.budget_realised = budget_realised
    locked.score = _save_scores(locked, scores or {})
    locked.computed_recommendation = (
        locked.instrument.recommendation_for(locked.score) if locked.score is not None else ""
    )
    locked.recommendation = recommendation_override or locked.computed_recommendation
    locked.override_justification = override_justification.strip()
    locked.lock_version += 1
    locked.full_clean()
    locked.save()
    log_activity(
        subject=locked,
        action="evaluation.updated",
        actor=user,
        message=_("Draf evaluasi disimpan (nilai %(score)s, rekomendasi %(rec)s).")
        % {
            "score": str(locked.score).replace(".", ",") if locked.score is not None else "—",
            "rec": locked.get_recommendation_display() or "—",
        },
    )
    return locked


# --- Submission and verification ----------------------------------------------------------------


def submission_checklist(evaluation: Evaluation) -> list[dict]:
    """What must hold before an evaluation goes up: label and ok per item."""
    criteria = list(evaluation.instrument.criteria.all())
    scores = {s.criterion_id: s for s in evaluation.scores.all()}
    activities = list(evaluation.activities.prefetch_related("evidence"))
    needs_activity = evaluation.implementation_status in (Status.RUNNING, Status.COMPLETED)
    return [
        {"label": _("Status pelaksanaan diisi"), "ok": bool(evaluation.implementation_status)},
        {
            "label": _("Setiap kriteria dinilai dengan alasan tertulis"),
            "ok": all(c.pk in scores and scores[c.pk].reason for c in criteria),
        },
        {
            "label": _("Kegiatan dalam periode dicatat (kerja sama berjalan/selesai)"),
            "ok": bool(activities) or not needs_activity,
        },
        {
            "label": _("Setiap kegiatan memiliki bukti"),
            "ok": all(activity.evidence.all() for activity in activities),
        },
        {
            "label": _("Perubahan rekomendasi disertai justifikasi"),
            "ok": not evaluation.is_overridden or bool(evaluation.override_justification),
        },
    ]


def review_route(evaluation: Evaluation) -> list[Office]:
    """Evaluations go one level up; KPU RI's own go to its own reviewers (four eyes keeps
    the submitter and the editors from deciding them)."""
    office = evaluation.agreement.office
    return [office.parent] if office.parent_id else [office]


@transaction.atomic
def evaluation_submit(*, user, evaluation: Evaluation) -> Evaluation:
    """Send a complete evaluation to the office above (a new round after a return)."""
    locked = lock_for_edit(user, evaluation)
    items = submission_checklist(locked)
    missing = [str(item["label"]) for item in items if not item["ok"]]
    if missing:
        raise ValidationError(_("Evaluasi belum lengkap: %(list)s.") % {"list": "; ".join(missing)})
    route = review_route(locked)
    locked.review_round += 1
    locked.state = State.SUBMITTED
    locked.submitted_at, locked.submitted_by = timezone.now(), user
    locked.accepted_at = None
    locked.lock_version += 1
    locked.save()
    review_open(
        subject=locked,
        office=route[0],
        submitted_from=locked.agreement.office,
        submitted_by=user,
        round=locked.review_round,
        step=1,
        checklist=[{"label": str(i["label"]), "ok": i["ok"]} for i in items],
        subject_kind=REVIEW_KIND,
        subject_title=f"{locked.period_label}: {locked.agreement.title}",
    )
    log_activity(
        subject=locked,
        action="evaluation.submitted",
        actor=user,
        message=_("Diajukan ke %(office)s (putaran %(round)s).")
        % {"office": route[0], "round": locked.review_round},
    )
    # The due and overdue reminders asked for this submission.
    resolve_notifications(
        subject=locked,
        kinds=[NotificationKind.EVALUATION_DUE, NotificationKind.EVALUATION_OVERDUE],
    )
    return locked


@transaction.atomic
def evaluation_review_decided(*, evaluation: Evaluation, review: Review) -> Evaluation:
    """The office above decided: accepted, or returned to the draft with its notes."""
    locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if review.decision == Review.Decision.RETURNED:
        locked.state = State.RETURNED
    else:
        locked.state = State.ACCEPTED
        locked.accepted_at = timezone.now()
    locked.lock_version += 1
    locked.save()
    figures_changed()
    return locked
