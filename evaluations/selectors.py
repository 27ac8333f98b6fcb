"""Reads of monev: the periods an agreement falls due in, the office lists, the "tanpa tindak
lanjut" (no follow-up) flags and what an evaluation page shows."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from agreements.models import Agreement, Kind
from agreements.selectors import with_time_status
from core.idn import add_months
from offices.models import Office, subtree_ids

from .models import Activity, Evaluation, Semester, period_label

DAY = datetime.timedelta(days=1)
State = Evaluation.State
OPEN_STATES = (State.DRAFT, State.RETURNED)
EVALUATED_STATES = (State.SUBMITTED, State.ACCEPTED)
SIGNED_STATES = Agreement.SIGNED_STATES
TABS = ("overdue", "due", "submitted", "accepted")


# --- Periods ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A semester (1, 2) or a whole year (semester 0) with its first and last day."""

    year: int
    semester: int
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        return period_label(self.year, self.semester)


def period_of(year: int, semester: int) -> Period:
    if semester == Semester.FIRST:
        return Period(year, semester, datetime.date(year, 1, 1), datetime.date(year, 6, 30))
    if semester == Semester.SECOND:
        return Period(year, semester, datetime.date(year, 7, 1), datetime.date(year, 12, 31))
    return Period(year, Semester.YEAR, datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def period_containing(day: datetime.date, frequency: str) -> Period:
    if frequency == Agreement.Frequency.YEAR:
        return period_of(day.year, Semester.YEAR)
    return period_of(day.year, Semester.FIRST if day.month <= 6 else Semester.SECOND)


def periods_overlapping(start: datetime.date, end: datetime.date, frequency: str) -> list[Period]:
    """Every period of `frequency` that shares at least one day with [start, end]."""
    periods, period = [], period_containing(start, frequency)
    while period.start <= end:
        periods.append(period)
        period = period_containing(period.end + DAY, frequency)
    return periods


def last_ended_semester(today: datetime.date) -> Period:
    """The most recent semester that is over by `today`."""
    return period_containing(period_containing(today, "SEMESTER").start - DAY, "SEMESTER")


def due_periods(
    *,
    start: datetime.date | None,
    end: datetime.date | None,
    frequency: str,
    today: datetime.date,
    not_before: datetime.date | None = None,
) -> list[Period]:
    """The periods of a term [start, end] whose evaluation is open by `today`.

    A period opens the day after it ends, or the day after the term ends when that comes
    first (a term ending or terminated mid-semester is evaluated once it is over). A term
    with no end date runs until today. Periods starting before `not_before` are left out
    (a registered agreement's monev begins at its registration).
    """
    if start is None or start >= today:
        return []
    last = min(end, today) if end else today
    return [
        period
        for period in periods_overlapping(start, last, frequency)
        if min(period.end, end or period.end) < today
        and (not_before is None or period.start >= not_before)
    ]


def backlog_start(day: datetime.date, frequency: str, periods_back: int) -> datetime.date:
    """The first day of the period `periods_back` periods before the one holding `day`."""
    period = period_containing(day, frequency)
    for _ in range(max(periods_back, 0)):
        period = period_containing(period.start - DAY, frequency)
    return period.start


def registration_backlog_start(agreement: Agreement) -> datetime.date | None:
    """Where the monev of an agreement registered as signed outside the app begins: at its
    registration, with a backlog of MONEV_REGISTERED_BACKLOG_PERIODS periods before it
    (default 1: the current and the previous period), never the years since its signing.
    None for agreements signed through the app."""
    if not agreement.registered_without_review or agreement.created_at is None:
        return None
    registered = office_today(agreement.office, agreement.created_at)
    back = settings.MONEV_REGISTERED_BACKLOG_PERIODS
    return backlog_start(registered, agreement.evaluation_frequency, back)


def office_today(office: Office, now: datetime.datetime | None = None) -> datetime.date:
    """The date in the office's own time zone."""
    return timezone.localdate(now or timezone.now(), timezone=ZoneInfo(office.timezone))


def agreements_to_evaluate() -> QuerySet:
    """Signed or terminated agreements that are evaluated (addenda are evaluated with the
    agreement they change), with `effective_end` annotated."""
    return with_time_status(
        Agreement.objects.filter(state__in=SIGNED_STATES)
        .exclude(kind=Kind.ADDENDUM)
        .select_related("office")
        .order_by("pk")
    )


# --- Lists --------------------------------------------------------------------------------


def tab_q(tab: str, today: datetime.date) -> Q:
    """The evaluations of one tab of the office page."""
    return {
        "due": Q(state__in=OPEN_STATES, due_date__gte=today),
        "overdue": Q(state__in=OPEN_STATES, due_date__lt=today),
        "submitted": Q(state=State.SUBMITTED),
        "accepted": Q(state=State.ACCEPTED),
    }[tab]


def tab_counts(queryset: QuerySet, today: datetime.date) -> dict[str, int]:
    """How many evaluations each tab holds (one query)."""
    return queryset.aggregate(**{tab: Count("pk", filter=tab_q(tab, today)) for tab in TABS})


def with_reach(queryset: QuerySet) -> QuerySet:
    """Annotate `activity_count` and `participants_total` per evaluation."""
    return queryset.annotate(
        activity_count=Count("activities"),
        participants_total=Sum("activities__participants", default=0),
    )


def evaluations_of(
    office: Office, *, within: bool = False, period: Period | None = None
) -> QuerySet:
    """The evaluations of `office`'s own agreements, or with `within` of every office below
    it too (one `office_id IN (…)` predicate), optionally of the periods ending in `period`."""
    if not within:
        queryset = Evaluation.objects.filter(agreement__office=office)
    elif office.level == Office.Level.NATIONAL:
        queryset = Evaluation.objects.all()
    else:
        queryset = Evaluation.objects.filter(agreement__office__in=subtree_ids([office.pk]))
    if period is not None:
        queryset = queryset.filter(period_end__range=(period.start, period.end))
    return queryset


def office_evaluations(office: Office, tab: str, today: datetime.date, **scope) -> QuerySet:
    """The evaluations of one tab (see `evaluations_of` for the scope), with reach, oldest
    due first."""
    queryset = evaluations_of(office, **scope).filter(tab_q(tab, today))
    ordering = ["due_date", "pk"] if tab in ("due", "overdue") else ["-period_end", "pk"]
    return with_reach(queryset.select_related("agreement__office")).order_by(*ordering)


def agreement_evaluations(agreement: Agreement) -> QuerySet:
    """An agreement's evaluations over time, oldest period first (one query)."""
    return with_reach(agreement.evaluations.all()).order_by("period_start")


# --- No follow-up ---------------------------------------------------------------------------
#
# The one definition of "tanpa tindak lanjut", used by the agreement list (flag and filter),
# the dashboards, the Laporan Pelaksanaan and the NK reminder (evaluations.reminders):
# - an idle NK: a signed NK with no signed (or since terminated) PKS under it and no monev
#   activity for REMINDER_RULES["nk_follow_up_months"] months: signed at least that long ago
#   and no activity dated after the cutoff. Only activities recorded in its evaluations count
#   (what was carried out, with evidence), not workflow entries of the activity log (an
#   attachment uploaded or a document rendered is not a follow-up of the cooperation);
# - a signed agreement whose last evaluated (submitted or accepted) period has no activity
#   (an NK implemented by a signed PKS is followed up through that PKS instead).


def follow_up_cutoff(today: datetime.date) -> datetime.date:
    """The day an NK must have been followed up since: `nk_follow_up_months` before today."""
    return add_months(today, -settings.REMINDER_RULES["nk_follow_up_months"])


def _signed_pks(*, probe: bool) -> Exists:
    pks = Agreement.objects.filter(parent=OuterRef("pk"), kind=Kind.PKS, state__in=SIGNED_STATES)
    # `id <> outer id` (always true) keeps PostgreSQL from turning this EXISTS into a hashed
    # set of every signed PKS in the country (~40,000 rows read for a page of 25): with a
    # correlation that is not a plain equality it probes the parent index per row instead.
    return Exists(pks.exclude(pk=OuterRef("pk")) if probe else pks)


def _activity_since(cutoff: datetime.date, *, probe: bool = False) -> Exists:
    activities = Activity.objects.filter(evaluation__agreement=OuterRef("pk"), date__gt=cutoff)
    # As for _signed_pks: `activity.id <> -outer id` (always true, ids are positive) makes
    # PostgreSQL probe the evaluation index per row of the page instead of hashing every
    # recent activity of the country (two parallel scans, ~140 ms per use at 100k).
    return Exists(activities.exclude(pk=-OuterRef("pk")) if probe else activities)


def with_follow_up_flags(queryset: QuerySet, today: datetime.date) -> QuerySet:
    """Annotate agreements with the "tanpa tindak lanjut" flags (booleans, never stored), per
    row, for a page of rows: `idle_nk`, `idle_last_period` and `no_follow_up` (either); see
    the definition above. `no_follow_up_q` selects the same rows set-based."""
    cutoff = follow_up_cutoff(today)
    signed_pks = _signed_pks(probe=True)
    # One correlated subquery finds the last evaluated period and whether it has an activity
    # (NULL when nothing was evaluated yet): looking the last period up once, not twice,
    # takes a third off the national report's aggregate.
    last_period_active = Subquery(
        Evaluation.objects.filter(agreement=OuterRef("pk"), state__in=EVALUATED_STATES)
        .order_by("-period_end", "-pk")
        .annotate(active=Exists(Activity.objects.filter(evaluation=OuterRef("pk"))))
        .values("active")[:1],
        output_field=BooleanField(),
    )
    signed = Q(state=Agreement.State.SIGNED) & ~Q(kind=Kind.ADDENDUM)
    idle_nk = Q(kind=Kind.NK, signed_on__lte=cutoff) & signed & ~signed_pks
    idle_nk &= ~_activity_since(cutoff, probe=True)
    idle_last = signed & Q(last_period_active=False)
    idle_last &= ~Q(kind=Kind.NK) | ~signed_pks
    return (
        queryset.annotate(last_period_active=last_period_active)
        .annotate(
            idle_nk=_flag(idle_nk),
            idle_last_period=_flag(idle_last),
        )
        .annotate(no_follow_up=_flag(Q(idle_nk=True) | Q(idle_last_period=True)))
    )


def _signed_of(office_ids: list[int] | None) -> QuerySet:
    agreements = Agreement.objects.filter(state=Agreement.State.SIGNED)
    return agreements if office_ids is None else agreements.filter(office__in=office_ids)


def idle_nk_q(today: datetime.date, office_ids: list[int] | None = None) -> Q:
    """The idle NKs (see above) as one id set PostgreSQL computes once (anti-joins), for
    filtering and counting many rows. `office_ids` narrows the set to those offices."""
    cutoff = follow_up_cutoff(today)
    idle = (
        _signed_of(office_ids)
        .filter(kind=Kind.NK, signed_on__lte=cutoff)
        .filter(~_signed_pks(probe=False))
        .filter(~_activity_since(cutoff))
    )
    return Q(pk__in=idle.values("pk"))


def no_follow_up_q(today: datetime.date, office_ids: list[int] | None = None) -> Q:
    """The agreements `with_follow_up_flags` flags `no_follow_up`, as a predicate made of two
    id sets that PostgreSQL computes once each (anti-joins, one DISTINCT ON for the last
    evaluated period), for filtering and counting many rows; the per-row annotation stays
    for showing the flags on a page of rows. `office_ids` narrows the sets to those offices.
    """
    evaluations = Evaluation.objects.filter(state__in=EVALUATED_STATES)
    if office_ids is not None:
        evaluations = evaluations.filter(agreement__office__in=office_ids)
    last = evaluations.order_by("agreement_id", "-period_end", "-pk").distinct("agreement_id")
    idle_periods = Evaluation.objects.filter(pk__in=last.values("pk")).filter(
        ~Exists(Activity.objects.filter(evaluation=OuterRef("pk")))
    )
    idle_last = (
        _signed_of(office_ids)
        .exclude(kind=Kind.ADDENDUM)
        .filter(pk__in=idle_periods.values("agreement_id"))
        .filter(~Q(kind=Kind.NK) | ~_signed_pks(probe=False))
    )
    return idle_nk_q(today, office_ids) | Q(pk__in=idle_last.values("pk"))


def nks_gone_quiet(today: datetime.date, within_days: int = 0) -> QuerySet:
    """The NKs that became idle today, or up to `within_days` days ago (their quiet spell
    began on the cutoff day or that many days before it), with `quiet_since` annotated: the
    later of the signing and the last activity. Set-based: the window is a range on the
    signing date or on an activity date; `quiet_since` is computed for the rows found only."""
    cutoff = follow_up_cutoff(today)
    earliest = cutoff - datetime.timedelta(days=within_days)
    began = Activity.objects.filter(date__range=(earliest, cutoff))
    last_activity = Subquery(
        Activity.objects.filter(evaluation__agreement=OuterRef("pk"))
        .order_by("-date")
        .values("date")[:1]
    )
    return (
        Agreement.objects.filter(idle_nk_q(today))
        .filter(Q(signed_on__gte=earliest) | Q(pk__in=began.values("evaluation__agreement_id")))
        .annotate(quiet_since=Greatest("signed_on", Coalesce(last_activity, "signed_on")))
    )


def _flag(condition) -> Case:
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def follow_up_flags_of(agreement: Agreement, today: datetime.date) -> dict:
    """The flags of one agreement (one query)."""
    row = (
        with_follow_up_flags(Agreement.objects.filter(pk=agreement.pk), today)
        .values("idle_nk", "idle_last_period", "no_follow_up")
        .first()
    )
    return row or {"idle_nk": False, "idle_last_period": False, "no_follow_up": False}


# --- One evaluation --------------------------------------------------------------------------


def evaluation_page_context(evaluation: Evaluation) -> dict:
    """Criteria with their scores, activities with evidence and the total reach."""
    scores = {score.criterion_id: score for score in evaluation.scores.all()}
    criteria = list(evaluation.instrument.criteria.all())
    activities = list(
        evaluation.activities.prefetch_related(
            Prefetch("evidence", to_attr="files"),
        )
    )
    return {
        "evaluation": evaluation,
        "score_rows": [(criterion, scores.get(criterion.pk)) for criterion in criteria],
        "activities": activities,
        "reach": sum(activity.participants for activity in activities),
    }
