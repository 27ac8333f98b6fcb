"""What the Laporan Pelaksanaan Kerja Sama reports, read with aggregated SQL.

A report covers every signed agreement (addenda excepted) whose term overlaps the period or
that has an evaluation ending in it, with the evaluations whose period ends inside the period:
a semester report holds the semester's evaluations, the second semester's also the yearly ones.

Figures are two GROUP BY office queries with conditional counts and sums, whatever the
number of agreements or offices. An office with offices below it is reported per child
office, each child rolled up over its whole subtree (a province row counts the province and
all its regencies); only the office's own agreements are listed one by one: at most
DETAIL_LIMIT of them in the PDF, PAGE_SIZE a page on the report page (the Excel workbook
lists every agreement). The listing is report_rows.py; the report put together (figures per
office rolled up, totals, the listed page) is report_contents.py.

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
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce

from agreements.models import Agreement, Kind
from offices.models import Office

from .models import Activity, Evaluation, Recommendation
from .selectors import SIGNED_STATES, Period, with_follow_up_flags

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
