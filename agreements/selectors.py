"""Reads of agreements: the time status derived from dates, scoped lists, children."""

import datetime

from django.db.models import Case, CharField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from .models import Agreement, Party

EXPIRING_DAYS = 90
State = Agreement.State
TimeStatus = Agreement.TimeStatus


def time_status_case(today: datetime.date) -> Case:
    """The time status from the stored `effective_end` and `has_successor` (no subquery).

    Only signed or terminated agreements have one. UPCOMING before the start; RENEWED once a
    signed successor exists and the term is within its last 90 days or over; EXPIRED after
    the effective end; EXPIRING within 90 days of it (the end date itself included); ACTIVE
    otherwise.
    """
    return Case(
        *(When(time_status_q(status, today), then=Value(status)) for status in TimeStatus),
        default=Value(""),
        output_field=CharField(),
    )


def time_status_q(status: str, today: datetime.date) -> Q:
    """The rows of one time status as a predicate on indexed columns (state, dates)."""
    horizon = today + datetime.timedelta(days=EXPIRING_DAYS)
    started = _signed() & ~Q(start_date__gt=today)
    renewed = Q(has_successor=True, effective_end__lte=horizon)
    return {
        TimeStatus.UPCOMING: _signed() & Q(start_date__gt=today),
        TimeStatus.RENEWED: started & renewed,
        TimeStatus.EXPIRED: started & ~renewed & Q(effective_end__lt=today),
        TimeStatus.EXPIRING: started
        & Q(has_successor=False, effective_end__gte=today, effective_end__lte=horizon),
        TimeStatus.ACTIVE: started & (Q(effective_end__gt=horizon) | Q(effective_end__isnull=True)),
    }[TimeStatus(status)]


def expiring_q(days: int, today: datetime.date) -> Q:
    """Signed agreements whose effective end falls between today and today + `days`."""
    return Q(
        state=State.SIGNED,
        effective_end__gte=today,
        effective_end__lte=today + datetime.timedelta(days=days),
    )


def with_time_status(queryset: QuerySet, today: datetime.date | None = None) -> QuerySet:
    """Annotate `time_status` (derived from the stored facts against `today`, never stored)."""
    return queryset.annotate(time_status=time_status_case(today or timezone.localdate()))


def _signed() -> Q:
    return Q(state__in=Agreement.SIGNED_STATES)


def time_status_of(agreement: Agreement, today: datetime.date | None = None) -> str:
    """The time status of one agreement, from its stored facts as they are now (one query)."""
    found = with_time_status(Agreement.objects.filter(pk=agreement.pk), today).values_list(
        "time_status", flat=True
    )
    return found.first() or ""


# The columns the list and its export show; never the search document or the long texts.
LIST_FIELDS = (
    "office__name",
    "office__code",
    "office__timezone",
    "kind",
    "title",
    "state",
    "kpu_number",
    "partner_number",
    "start_date",
    "end_date",
    "effective_end",
    "has_successor",
    "signed_on",
    "scope",
    "divisi",
    "registered_without_review",
    "created_at",
)


def agreement_list_for_user(user, today: datetime.date | None = None) -> QuerySet:
    """The agreements `user` may see, with time status and what list pages show (apps above
    this one add their own columns by subclassing the list, e.g. evaluations.agreement_list).
    """
    today = today or timezone.localdate()
    queryset = with_time_status(
        Agreement.objects.for_user(user)
        .select_related("office")
        .only(*LIST_FIELDS)
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=Party.objects.select_related("partner")
                .only("agreement_id", "position", "partner__name")
                .order_by("position"),
            )
        ),
        today,
    )
    return queryset
