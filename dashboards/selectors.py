"""The figures of the dashboards. Every figure covers an office and every office below it.

Each function takes an office and a date (and a period where it matters) and answers with
one SQL query, whatever the number of rows: conditional `Count`/`Avg` with `filter=`, never
a Python loop over agreements. The subtree is resolved to office ids once
(`offices.models.subtree_ids`); KPU RI's subtree is the whole country, so it is not
filtered at all.
"""

import datetime
from dataclasses import dataclass

from django.contrib.postgres.aggregates import StringAgg
from django.db.models import Avg, Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Now

from agreements.models import Agreement, Divisi, Kind, Party, Scope
from agreements.selectors import expiring_q, time_status_q
from evaluations.models import Evaluation, Recommendation
from evaluations.selectors import OPEN_STATES, Period, no_follow_up_q
from offices.models import Office, subtree_ids
from partners.models import Partner
from reviews.models import Review

from .aggregates import EpochDays, Median

State = Agreement.State
TimeStatus = Agreement.TimeStatus
SIGNED_STATES = Agreement.SIGNED_STATES
# The dashboard's time-status breakdown: the five statuses of a running agreement, then the
# terminated ones on their own (their time status would otherwise read "berakhir").
STATUS_ORDER = [
    TimeStatus.UPCOMING,
    TimeStatus.ACTIVE,
    TimeStatus.EXPIRING,
    TimeStatus.EXPIRED,
    TimeStatus.RENEWED,
]
YEARS_SHOWN = 6
EXPIRING_WINDOWS = (30, 90)


@dataclass(frozen=True)
class Subtree:
    """An office and the ids of the offices it covers (None: the whole country)."""

    office: Office
    ids: list[int] | None

    def filter(self, queryset: QuerySet, field: str) -> QuerySet:
        return queryset if self.ids is None else queryset.filter(**{f"{field}__in": self.ids})


def subtree_of(office: Office) -> Subtree:
    if office.level == Office.Level.NATIONAL:
        return Subtree(office, None)
    return Subtree(office, subtree_ids([office.pk]))


def _count(condition: Q) -> Count:
    return Count("pk", filter=condition)


def agreement_figures(tree: Subtree, today: datetime.date, period: Period) -> dict:
    """Signed agreements by time status, kind, divisi, scope and signing year; expiring
    counts; drafts waiting; registered without review (one query)."""
    signed = Q(state__in=SIGNED_STATES)
    running = Q(state=State.SIGNED)
    counts = {
        "signed": _count(signed),
        "terminated": _count(Q(state=State.TERMINATED)),
        "signed_in_period": _count(signed & Q(signed_on__range=(period.start, period.end))),
        "registered": _count(signed & Q(registered_without_review=True)),
    }
    counts |= {f"status_{s}": _count(running & time_status_q(s, today)) for s in STATUS_ORDER}
    counts |= {f"kind_{k}": _count(signed & Q(kind=k)) for k in Kind.values}
    counts |= {f"divisi_{d}": _count(signed & Q(divisi=d)) for d in Divisi.values}
    counts |= {f"scope_{s}": _count(signed & Q(scope__contains=[s])) for s in Scope.values}
    counts |= {f"days_{n}": _count(expiring_q(n, today)) for n in EXPIRING_WINDOWS}
    for year in signing_years(today):
        counts[f"year_{year}"] = _count(signed & Q(signed_on__year=year))
    return tree.filter(Agreement.objects.all(), "office").aggregate(**counts)


def signing_years(today: datetime.date) -> list[int]:
    return list(range(today.year - YEARS_SHOWN + 1, today.year + 1))


def partner_category_figures(tree: Subtree) -> dict[str, int]:
    """Signed agreements per partner category (an agreement counts once per category)."""
    parties = tree.filter(Party.objects.all(), "agreement__office").filter(
        agreement__state__in=SIGNED_STATES
    )
    rows = parties.values("partner__category").annotate(n=Count("agreement", distinct=True))
    found = {row["partner__category"]: row["n"] for row in rows}
    return {category: found.get(category, 0) for category in Partner.Category.values}


def expiring_soon(tree: Subtree, today: datetime.date, limit: int = 10) -> list[Agreement]:
    """The signed agreements ending soonest within 90 days, with office and partner names
    (`partner_names`, aggregated in the same query)."""
    names = (
        Party.objects.filter(agreement=OuterRef("pk"))
        .order_by()
        .values("agreement")
        .annotate(names=StringAgg("partner__name", ", ", ordering="position"))
        .values("names")
    )
    queryset = tree.filter(Agreement.objects.all(), "office").filter(
        expiring_q(max(EXPIRING_WINDOWS), today)
    )
    return list(
        queryset.select_related("office")
        .only("title", "kind", "kpu_number", "effective_end", "office__name")
        .annotate(partner_names=Subquery(names))
        .order_by("effective_end", "pk")[:limit]
    )


def evaluation_figures(tree: Subtree, today: datetime.date, period: Period) -> dict:
    """Evaluations due, overdue, waiting for verification, accepted in the period, their
    average score and recommendation mix (one query)."""
    in_period = Q(period_end__range=(period.start, period.end))
    accepted = Q(state=Evaluation.State.ACCEPTED) & in_period
    counts = {
        "due": _count(Q(state__in=OPEN_STATES, due_date__gte=today)),
        "overdue": _count(Q(state__in=OPEN_STATES, due_date__lt=today)),
        "submitted": _count(Q(state=Evaluation.State.SUBMITTED)),
        "accepted": _count(accepted),
        "average": Avg("score", filter=accepted),
    }
    counts |= {
        f"recommendation_{r}": _count(accepted & Q(recommendation=r)) for r in Recommendation.values
    }
    return tree.filter(Evaluation.objects.all(), "agreement__office").aggregate(**counts)


def no_follow_up_count(tree: Subtree, today: datetime.date) -> int:
    """Signed agreements flagged "tanpa tindak lanjut" (evaluations' one definition)."""
    return Agreement.objects.filter(no_follow_up_q(today, tree.ids)).count()


def review_figures(tree: Subtree) -> dict:
    """Reviews waiting at this office and below, and their median age in days."""
    pending = tree.filter(Review.objects.filter(decision=Review.Decision.PENDING), "office")
    return pending.aggregate(
        waiting=Count("pk"),
        median_days=Median(EpochDays(Now() - F("created_at"))),
    )
