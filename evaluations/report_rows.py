"""The agreements a Laporan Pelaksanaan lists one by one: each with its evaluation in the
period, activities and per-criterion scores, read for the listed rows only (report_figures.py
holds which agreements a report covers and their aggregated figures)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Prefetch,
    QuerySet,
)

from agreements.models import Agreement
from agreements.party_names import partner_names
from core.idn import term_words
from offices.models import Office

from .models import Activity, Evaluation, Score
from .report_figures import evaluations_in, report_agreements, term_end_in
from .selectors import Period, with_follow_up_flags, with_reach


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
