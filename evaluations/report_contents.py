"""The Laporan Pelaksanaan put together for an office and a period: the figures per office
(report_figures.py; from the figures cache on the page of an office with offices below it),
rolled up per child office and totalled, and the office's own agreements listed
(report_rows.py): the first DETAIL_LIMIT for the PDF, or one page of PAGE_SIZE for the page."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from core.figures import cached_figures
from offices.models import Office

from .report_figures import Figures, figures_by_office, jit_off_over, subtree_offices
from .report_rows import ReportRow, listed_agreements, rows_of
from .selectors import Period, office_today

DETAIL_LIMIT = 500
PAGE_SIZE = 25  # agreements per page of the report page


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
