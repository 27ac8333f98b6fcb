"""What the Laporan Pelaksanaan Kerja Sama reports, read with aggregated SQL.

A report covers every signed agreement (addenda excepted) whose term overlaps the period or
that has an evaluation ending in it, with the evaluations whose period ends inside the period:
a semester report holds the semester's evaluations, the second semester's also the yearly ones.

Figures are two GROUP BY office queries with conditional counts and sums, whatever the
number of agreements or offices. An office with offices below it is reported per child
office, each child rolled up over its whole subtree (a province row counts the province and
all its regencies); only the office's own agreements are listed one by one: at most
DETAIL_LIMIT of them in the PDF, PAGE_SIZE a page on the report page (the Excel workbook
lists every agreement).

The national roll-up reads every reported agreement of the country with its follow-up flag
(measured at 100,000 agreements on 2 busy cores: 1–2 s for the two aggregates); the page of an
office with offices below it therefore keeps its per-office figures in the figures cache
(core.figures: renewed when a service changes a figure, at most five minutes old) and shows
when they were computed. The PDF and Excel rendered by the worker always compute afresh.
"""

import datetime
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce

from agreements.models import Agreement, Kind
from agreements.party_names import partner_names
from core.figures import cached_figures
from core.idn import term_words
from offices.models import Office

from .models import Activity, Evaluation, Recommendation, Score
from .selectors import SIGNED_STATES, Period, office_today, with_follow_up_flags, with_reach

DETAIL_LIMIT = 500
PAGE_SIZE = 25  # agreements per page of the report page
COUNTS = (
    "agreements",
    "no_follow_up",
    "evaluations",
    "evaluated",
    "score_sum",
    "activities",
    "participants",
)


@dataclass
class Figures:
    """The counts of one office's agreements in the period, or of a whole subtree's."""

    agreements: int = 0
    no_follow_up: int = 0
    evaluations: int = 0
    evaluated: int = 0  # evaluations with a score
    score_sum: Decimal = Decimal(0)
    activities: int = 0
    participants: int = 0
    recommended: dict[str, int] = field(default_factory=dict)  # of the scored evaluations

    def add(self, other: "Figures") -> "Figures":
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for value, count in other.recommended.items():
            self.recommended[value] = self.recommended.get(value, 0) + count
        return self

    @property
    def average_score(self) -> Decimal | None:
        if not self.evaluated:
            return None
        return (Decimal(self.score_sum) / self.evaluated).quantize(Decimal("0.01"))

    @property
    def recommendations(self) -> list[tuple[str, int]]:
        """(label, count) for every band, in the instrument's order."""
        return [(label, self.recommended.get(value, 0)) for value, label in Recommendation.choices]

    @property
    def recommendation_counts(self) -> list[int]:
        return [count for _label, count in self.recommendations]


def evaluations_in(period: Period) -> QuerySet:
    return Evaluation.objects.filter(period_end__gte=period.start, period_end__lte=period.end)


def report_agreements(period: Period, office_ids: list[int] | None) -> QuerySet:
    """The agreements a report covers, of the offices `office_ids` (None: every office)."""
    started = Q(start_date__lte=period.end) | Q(start_date__isnull=True)
    not_over = Q(effective_end__gte=period.start) | Q(effective_end__isnull=True)
    evaluated = Exists(evaluations_in(period).filter(agreement=OuterRef("pk")))
    agreements = Agreement.objects.filter(state__in=SIGNED_STATES).exclude(kind=Kind.ADDENDUM)
    if office_ids is not None:
        agreements = agreements.filter(office_id__in=office_ids)
    return agreements.filter((started & not_over) | evaluated)


def term_end_in(period: Period) -> Case:
    """The end of an agreement's term as it stood at the end of the period: extended by the
    addenda signed by then, or the termination date if it was terminated by then."""
    extended_to = (
        Agreement.objects.filter(
            parent=OuterRef("pk"),
            kind=Kind.ADDENDUM,
            state__in=SIGNED_STATES,
            extends_term=True,
            signed_on__lte=period.end,
        )
        .values("parent")
        .annotate(last=Max("end_date"))
        .values("last")
    )
    return Case(
        When(
            state=Agreement.State.TERMINATED, terminated_on__lte=period.end, then=F("terminated_on")
        ),
        default=Coalesce(Subquery(extended_to, output_field=DateField()), F("end_date")),
        output_field=DateField(),
    )


def _reported(evaluations: QuerySet, period: Period, office_ids) -> QuerySet:
    """The period's evaluations of reported agreements, grouped by office: an evaluation
    ending in the period puts its agreement in the report, so no subquery is needed."""
    evaluations = evaluations.filter(
        period_end__gte=period.start,
        period_end__lte=period.end,
        agreement__state__in=SIGNED_STATES,
    ).exclude(agreement__kind=Kind.ADDENDUM)
    if office_ids is not None:
        evaluations = evaluations.filter(agreement__office_id__in=office_ids)
    return evaluations.values("agreement__office_id").order_by()


def figures_by_office(
    period: Period, today: datetime.date, office_ids: list[int] | None
) -> dict[int, Figures]:
    """Figures per office id, in two grouped queries: agreements with their follow-up flag;
    evaluations with scores, recommendations and their activities (a count and a sum per
    evaluation through its index, cheaper than joining every activity row). Call it inside
    `without_jit()`."""
    figures: dict[int, Figures] = {}
    agreements = (
        with_follow_up_flags(report_agreements(period, office_ids), today)
        .values("office_id")
        .order_by()
        .annotate(n=Count("pk"), idle=Count("pk", filter=Q(no_follow_up=True)))
    )
    activities = Activity.objects.filter(evaluation=OuterRef("pk")).order_by().values("evaluation")
    per_evaluation = {
        "acts": activities.annotate(n=Count("pk")).values("n"),
        "reach": activities.annotate(n=Sum("participants")).values("n"),
    }
    scored = Q(score__isnull=False)
    evaluations = _reported(Evaluation.objects.all(), period, office_ids).annotate(
        n=Count("pk"),
        scored=Count("pk", filter=scored),
        total=Sum("score", filter=scored, default=0),
        **{
            f"rec_{v}": Count("pk", filter=scored & Q(recommendation=v))
            for v in Recommendation.values
        },
        **{
            name: Sum(Subquery(query, output_field=IntegerField()), default=0)
            for name, query in per_evaluation.items()
        },
    )
    for row in agreements:
        figures.setdefault(row["office_id"], Figures()).add(
            Figures(agreements=row["n"], no_follow_up=row["idle"])
        )
    for row in evaluations:
        recommended = {v: row[f"rec_{v}"] for v in Recommendation.values if row[f"rec_{v}"]}
        figures.setdefault(row["agreement__office_id"], Figures()).add(
            Figures(
                evaluations=row["n"],
                evaluated=row["scored"],
                score_sum=row["total"],
                recommended=recommended,
                activities=row["acts"],
                participants=row["reach"],
            )
        )
    return figures


@contextmanager
def without_jit():
    """A transaction with PostgreSQL's JIT compiler off: it prices the national aggregates as
    worth compiling and spends longer compiling them (measured: +0.5 s a query at 100,000
    agreements) than running them."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield


def jit_off_over(office: Office):
    """`without_jit()` for the report of an office with offices below it; a regency's queries
    (one office, a few hundred agreements at most) are priced below the JIT's threshold, so
    they run without the transaction and its three statements."""
    return nullcontext() if office.level == Office.Level.REGENCY else without_jit()


def subtree_offices(office: Office) -> list[Office]:
    """The office and every office below it, by code (one query)."""
    below = Q(pk=office.pk) | Q(parent=office.pk) | Q(parent__parent=office.pk)
    fields = ("pk", "parent_id", "name", "code", "level", "is_active")
    return list(Office.objects.filter(below).only(*fields).order_by("code"))


@dataclass
class ReportRow:
    """One agreement of the report with its evaluation in the period (None: not evaluated)."""

    agreement: Agreement
    evaluation: Evaluation | None
    activities: list = field(default_factory=list)

    @property
    def partners(self) -> str:
        return partner_names(self.agreement)

    @property
    def scores(self) -> list:
        """The evaluation's score per criterion, in the instrument's order (prefetched)."""
        return list(self.evaluation.scores.all()) if self.evaluation else []

    @property
    def term(self) -> str:
        """The term in force during the period in words (see term_end_in; blank when a date
        is missing)."""
        start, end = self.agreement.start_date, self.agreement.term_end
        return term_words(start, end) if start and end and start <= end else ""


LISTING_ORDER = ("office__code", "kind", "signed_on", "pk")


def detailed_agreements(period: Period, today: datetime.date, office_ids) -> QuerySet:
    """The reported agreements with their flags, parties and the period's evaluations with
    activities and per-criterion scores (a constant number of prefetch queries per batch),
    ordered for listing."""
    scores = Score.objects.select_related("criterion").order_by("criterion__position")
    evaluations = with_reach(evaluations_in(period).order_by("period_end")).prefetch_related(
        Prefetch("activities", queryset=Activity.objects.order_by("date", "pk")),
        Prefetch("scores", queryset=scores),
    )
    return (
        with_follow_up_flags(report_agreements(period, office_ids), today)
        .annotate(term_end=term_end_in(period))
        .select_related("office")
        .prefetch_related(
            "parties__partner",
            Prefetch("evaluations", queryset=evaluations, to_attr="period_evaluations"),
        )
        .order_by(*LISTING_ORDER)
    )


def listed_agreements(
    period: Period, today: datetime.date, office: Office, start: int, stop: int
) -> list[Agreement]:
    """The office's own agreements `start`..`stop` in listing order, in detail. Their ids
    are picked first, so the flags and the term are computed for those rows only (on the
    whole set PostgreSQL hashes every recent activity and signed PKS of the country)."""
    ids = list(
        report_agreements(period, [office.pk])
        .order_by(*LISTING_ORDER)
        .values_list("pk", flat=True)[start:stop]
    )
    if not ids:
        return []
    return list(detailed_agreements(period, today, [office.pk]).filter(pk__in=ids))


def rows_of(agreements) -> list[ReportRow]:
    """One row per agreement and evaluation in the period (one row if not evaluated)."""
    return [
        ReportRow(agreement, evaluation, list(evaluation.activities.all()) if evaluation else [])
        for agreement in agreements
        for evaluation in agreement.period_evaluations or [None]
    ]


@dataclass
class ReportData:
    """The report of `office`: figures for the whole subtree (`totals`), for its own
    agreements (`own`) and per child office rolled up (`children`), and its own agreements
    in detail (`rows`: at most DETAIL_LIMIT agreements, `more` are left out; or, for the
    report page, the agreements of page `page`). `computed_at` is set when the per-office
    figures came from the figures cache."""

    office: Office
    period: Period
    today: datetime.date
    totals: Figures
    own: Figures
    children: list[tuple[Office, Figures]]
    office_ids: list[int] | None  # the subtree (None: every office)
    rows: list[ReportRow]
    more: int = 0
    page: int | None = None
    computed_at: datetime.datetime | None = None

    @property
    def agreement_count(self) -> int:
        return self.totals.agreements

    @property
    def evaluated(self) -> int:
        return self.totals.evaluated

    @property
    def activity_count(self) -> int:
        return self.totals.activities

    @property
    def participants(self) -> int:
        return self.totals.participants

    @property
    def average_score(self) -> Decimal | None:
        return self.totals.average_score

    @property
    def recommendations(self) -> list[tuple[str, int]]:
        return self.totals.recommendations

    @property
    def no_follow_up(self) -> int:
        return self.totals.no_follow_up

    @property
    def detail_limit(self) -> int:
        return DETAIL_LIMIT

    @property
    def page_count(self) -> int:
        """Pages of the office's own agreements on the report page (at least one)."""
        return pages_for(self.own.agreements)

    @property
    def first_number(self) -> int:
        """The listing number of the page's first agreement row."""
        return ((self.page or 1) - 1) * PAGE_SIZE + 1


def pages_for(agreements: int) -> int:
    return max(1, -(-agreements // PAGE_SIZE))


def page_number(value, own_agreements: int) -> int:
    """A page asked for in the query string, within the pages there are (1 if unreadable)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), pages_for(own_agreements))


def _by_office(
    office: Office, period: Period, today: datetime.date, office_ids, cached: bool
) -> tuple[dict[int, Figures], datetime.datetime | None]:
    """The figures per office of the subtree (with the JIT off), from the figures cache when
    `cached`."""

    def compute() -> dict[int, Figures]:
        with jit_off_over(office):
            return figures_by_office(period, today, office_ids)

    if not cached:
        return compute(), None
    return cached_figures(f"report:{office.pk}:{today}:{period.year}:{period.semester}", compute)


def _rolled_up(office: Office, offices: list[Office], by_office: dict[int, Figures]):
    """(own, children): the office's own figures and each child's over its subtree."""
    rolled: dict[int, Figures] = {}
    for member in offices:
        top = member.pk if member.parent_id == office.pk else member.parent_id
        key = office.pk if member.pk == office.pk else top
        rolled.setdefault(key, Figures()).add(by_office.get(member.pk, Figures()))
    children = [
        (child, rolled.get(child.pk, Figures()))
        for child in offices
        if child.parent_id == office.pk and (child.is_active or child.pk in rolled)
    ]
    return rolled.get(office.pk, Figures()), children


def report_data(
    office: Office,
    period: Period,
    today: datetime.date | None = None,
    *,
    detail: bool = True,
    page=None,
    cached: bool = False,
) -> ReportData:
    """The report in a constant number of queries whatever the number of agreements and
    offices: the subtree, two grouped aggregates (none when `cached` and in the cache), and
    (with `detail`) the own agreements with prefetches: with `page` (a page number as asked
    for) that page's PAGE_SIZE, else the first DETAIL_LIMIT, whose plan may be priced worth
    JIT-compiling (so, like the aggregates, read with the JIT off; see jit_off_over)."""
    today = today or office_today(office)
    offices = [office] if office.level == Office.Level.REGENCY else subtree_offices(office)
    national = office.level == Office.Level.NATIONAL
    office_ids = None if national else [o.pk for o in offices]
    by_office, computed_at = _by_office(office, period, today, office_ids, cached)
    own, children = _rolled_up(office, offices, by_office)
    listed, number = [], None
    if detail and page is not None:
        number = page_number(page, own.agreements)
        start = (number - 1) * PAGE_SIZE
        listed = listed_agreements(period, today, office, start, start + PAGE_SIZE)
    elif detail:
        with jit_off_over(office):
            listed = listed_agreements(period, today, office, 0, DETAIL_LIMIT)
    totals = Figures().add(own)
    for _child, figures in children:
        totals.add(figures)
    more = max(own.agreements - len(listed), 0) if detail and page is None else 0
    return ReportData(
        office=office,
        period=period,
        today=today,
        totals=totals,
        own=own,
        children=children,
        office_ids=office_ids,
        rows=rows_of(listed),
        more=more,
        page=number,
        computed_at=computed_at,
    )
