"""The oversight table: one row per office directly below, each rolled up over that office's
whole subtree, from one grouped query per source table.

Each row of a source table is given a *row key*: the office directly below the viewed
office that contains the row's office (for KPU RI: the province, i.e. the office itself for
a province and its parent for a regency; for a province: the regency itself). Rows of the
viewed office's own work get no key and form its own line. The recap is the whole subtree.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Max,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.formats import date_format, number_format

from agreements.models import Agreement
from agreements.selectors import expiring_q, time_status_q
from evaluations.models import Evaluation, Report
from evaluations.selectors import OPEN_STATES, Period, last_ended_semester, no_follow_up_q
from offices.models import Office
from reviews.models import Review

from .aggregates import EpochDays, Median
from .selectors import SIGNED_STATES, Subtree
from .summary import agreements_url, monev_url

State = Agreement.State

# The columns in the table's order (labels in views); the compliance formula is printed
# under the table.
COLUMNS = [
    "signed",
    "signed_in_year",
    "registered",
    "active",
    "expiring",
    "no_follow_up",
    "overdue",
    "accepted",
    "average",
    "returned",
    "median_days",
    "last_report",
    "compliance",
]


@dataclass
class OversightRow:
    """One office's line: the office (None for the recap) and its figures."""

    office: Office | None
    figures: dict = field(default_factory=dict)
    is_own: bool = False

    def get(self, key: str):
        return self.figures.get(key)

    @property
    def cells(self) -> list[tuple[str, str, str]]:
        """(column, shown text, link) per column, in the table's order."""
        return [(key, display(self.figures.get(key)), self.link(key)) for key in COLUMNS]

    def link(self, key: str) -> str:
        if self.office is None or not self.figures.get(key):
            return ""
        filters = LINKS.get(key)
        if key == "overdue":
            return monev_url(self.office, "overdue")
        return agreements_url(self.office, **filters) if filters is not None else ""


# The agreement-list filters behind each count of a row (the row's office and below).
LINKS = {
    "signed": {"signed": "on"},
    "registered": {"signed": "on", "registered": "on"},
    "active": {"state": "SIGNED", "time_status": "ACTIVE"},
    "expiring": {"expiring_within": 90},
    "no_follow_up": {"no_follow_up": "on"},
}


def display(value) -> str:
    """A cell as the table shows it: counts with thousands separators, averages with one
    decimal, dates in Indonesian, "—" when there is nothing."""
    if value is None:
        return "—"
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "j M Y")
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    return number_format(float(value), 1)


def row_key(office: Office, path: str):
    """The expression giving, for a row whose office is at `path`, the id of the office
    directly below `office` that contains it (NULL for `office` itself)."""
    if office.level == Office.Level.NATIONAL:
        return Case(
            When(**{f"{path}__level": Office.Level.PROVINCE}, then=F(path)),
            When(**{f"{path}__level": Office.Level.REGENCY}, then=F(f"{path}__parent")),
            default=None,
            output_field=IntegerField(),
        )
    return Case(When(**{path: office.pk}, then=None), default=F(path), output_field=IntegerField())


def _grouped(queryset: QuerySet, tree: Subtree, path: str, **aggregates) -> dict:
    """{row key: {aggregate: value}} for `queryset` within the subtree (one query)."""
    rows = (
        tree.filter(queryset, path)
        .annotate(row_key=row_key(tree.office, path))
        .values("row_key")
        .annotate(**aggregates)
        .order_by()
    )
    return {row.pop("row_key"): row for row in rows}


def assessed_period(period: Period, today: datetime.date) -> Period:
    """The period whose evaluations the compliance score judges: the chosen one once it is
    over, else the last semester that is over."""
    return period if period.end < today else last_ended_semester(today)


def _agreement_groups(tree: Subtree, today: datetime.date, period: Period) -> list[dict]:
    signed = Q(state__in=SIGNED_STATES)
    agreements = _grouped(
        Agreement.objects.all(),
        tree,
        "office",
        signed=Count("pk", filter=signed),
        signed_in_year=Count("pk", filter=signed & Q(signed_on__year=period.year)),
        registered=Count("pk", filter=signed & Q(registered_without_review=True)),
        active=Count("pk", filter=Q(state=State.SIGNED) & time_status_q("ACTIVE", today)),
        expiring=Count("pk", filter=expiring_q(90, today)),
    )
    idle = Agreement.objects.filter(no_follow_up_q(today, tree.ids))
    return [agreements, _grouped(idle, tree, "office", no_follow_up=Count("pk"))]


def _evaluation_groups(tree: Subtree, today: datetime.date, period: Period) -> dict:
    assessed = assessed_period(period, today)
    in_assessed = Q(period_end__range=(assessed.start, assessed.end))
    accepted = Q(state=Evaluation.State.ACCEPTED)
    in_period = Q(period_end__range=(period.start, period.end))
    return _grouped(
        Evaluation.objects.all(),
        tree,
        "agreement__office",
        overdue=Count("pk", filter=Q(state__in=OPEN_STATES, due_date__lt=today)),
        accepted=Count("pk", filter=accepted & in_period),
        average=Avg("score", filter=accepted & in_period),
        assessed_due=Count("pk", filter=in_assessed),
        assessed_accepted=Count("pk", filter=in_assessed & accepted),
    )


def _review_groups(tree: Subtree) -> dict:
    returned = Q(decision=Review.Decision.RETURNED)
    subject = Concat(
        Cast("content_type_id", CharField()), Value(":"), Cast("object_id", CharField())
    )
    return _grouped(
        Review.objects.all(),
        tree,
        "submitted_from",
        returned=Count(subject, distinct=True, filter=returned),
        median_days=Median(
            EpochDays(F("decided_at") - F("created_at")), filter=Q(decided_at__isnull=False)
        ),
    )


def _report_groups(tree: Subtree) -> dict:
    return _grouped(Report.objects.all(), tree, "office", last_report=Max("submitted_at"))


def compliance(figures: dict) -> int | None:
    """100 × accepted ÷ due for the assessed period − 50 × overdue ÷ due, within 0–100;
    None when nothing was due."""
    due = figures.get("assessed_due") or 0
    if not due:
        return None
    accepted = figures.get("assessed_accepted") or 0
    overdue = figures.get("overdue") or 0
    return max(0, min(100, round(100 * accepted / due - 50 * overdue / due)))


def oversight_rows(tree: Subtree, today: datetime.date, period: Period) -> list[OversightRow]:
    """The rows below `tree.office`, then its own line (if it has any work), then the recap."""
    groups = [
        *_agreement_groups(tree, today, period),
        _evaluation_groups(tree, today, period),
        _review_groups(tree),
        _report_groups(tree),
    ]
    children = list(tree.office.children.filter(is_active=True).order_by("code"))
    rows = [OversightRow(child, _merge(groups, child.pk)) for child in children]
    own = OversightRow(tree.office, _merge(groups, None), is_own=True)
    if any(own.figures.get(key) for key in ("signed", "overdue", "accepted", "returned")):
        rows.append(own)
    recap = OversightRow(None, _recap(rows))
    for row in [*rows, recap]:
        row.figures["compliance"] = compliance(row.figures)
    return [*rows, recap]


# The figures that are counts (summed in the recap, 0 when nothing matched); the others are
# an average, a median, a date and the compliance score.
NOT_COUNTS = {"average", "median_days", "last_report", "compliance"}
COUNTS = (
    *(key for key in COLUMNS if key not in NOT_COUNTS),
    "assessed_due",
    "assessed_accepted",
)


def _merge(groups: list[dict], key) -> dict:
    """The figures of one row; a count with no matching row is 0, an average or a date
    with nothing to measure stays None."""
    figures: dict = dict.fromkeys(COUNTS, 0)
    for group in groups:
        figures |= group.get(key, {})
    return figures


def _recap(rows: list[OversightRow]) -> dict:
    """Sums of the counts; the average weighted by accepted evaluations; the latest report.
    The median of all reviews is not a sum of medians: it is left out of the recap."""
    sums = {key: sum(row.figures.get(key) or 0 for row in rows) for key in COUNTS}
    weighted = [
        (row.get("average"), row.get("accepted") or 0) for row in rows if row.get("average")
    ]
    total = sum(weight for _value, weight in weighted)
    sums["average"] = sum(float(v) * w for v, w in weighted) / total if total else None
    reports = [row.get("last_report") for row in rows if row.get("last_report")]
    sums["last_report"] = max(reports) if reports else None
    return sums


def sort_rows(rows: list[OversightRow], key: str, descending: bool) -> list[OversightRow]:
    """The office rows sorted by one column (empty values last); own line and recap stay."""
    body = [row for row in rows if row.office is not None and not row.is_own]
    tail = [row for row in rows if row.office is None or row.is_own]
    if key == "office":
        body.sort(key=lambda row: row.office.code, reverse=descending)
        return body + tail
    present = [row for row in body if row.get(key) is not None]
    missing = [row for row in body if row.get(key) is None]
    present.sort(key=lambda row: row.get(key), reverse=descending)
    return present + missing + tail
