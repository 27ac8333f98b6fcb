"""Reads of agreements: the time status derived from dates, scoped lists, children."""

import datetime

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import Agreement, Kind

EXPIRING_DAYS = 90
State = Agreement.State
TimeStatus = Agreement.TimeStatus


def with_time_status(queryset: QuerySet, today: datetime.date | None = None) -> QuerySet:
    """Annotate `effective_end`, `has_successor` and `time_status` (never stored).

    The effective end counts signed addenda that extend the term and a termination date.
    UPCOMING before the start; RENEWED once a signed successor exists and the term is within
    its last 90 days or over; EXPIRED after the effective end; EXPIRING within 90 days of it
    (the end date itself included); ACTIVE otherwise. Only signed or terminated agreements
    have a time status.
    """
    today = today or timezone.localdate()
    extended_to = (
        Agreement.objects.filter(
            parent=OuterRef("pk"), kind=Kind.ADDENDUM, state=State.SIGNED, extends_term=True
        )
        .values("parent")
        .annotate(last=Max("end_date"))
        .values("last")
    )
    successor = Agreement.objects.filter(renews=OuterRef("pk"), state=State.SIGNED)
    horizon = today + datetime.timedelta(days=EXPIRING_DAYS)
    return queryset.annotate(
        effective_end=Case(
            When(state=State.TERMINATED, then=F("terminated_on")),
            default=Coalesce(Subquery(extended_to, output_field=DateField()), F("end_date")),
            output_field=DateField(),
        ),
        has_successor=Exists(successor, output_field=BooleanField()),
    ).annotate(
        time_status=Case(
            When(~_signed(), then=Value("")),
            When(start_date__gt=today, then=Value(TimeStatus.UPCOMING)),
            When(has_successor=True, effective_end__lte=horizon, then=Value(TimeStatus.RENEWED)),
            When(effective_end__lt=today, then=Value(TimeStatus.EXPIRED)),
            When(effective_end__lte=horizon, then=Value(TimeStatus.EXPIRING)),
            default=Value(TimeStatus.ACTIVE),
            output_field=CharField(),
        )
    )


def _signed() -> Q:
    return Q(state__in=[State.SIGNED, State.TERMINATED])


def time_status_of(agreement: Agreement, today: datetime.date | None = None) -> str:
    """The time status of one agreement (one query)."""
    row = with_time_status(Agreement.objects.filter(pk=agreement.pk), today).values(
        "time_status", "effective_end"
    )
    found = row.first()
    return found["time_status"] if found else ""


def agreement_list_for_user(user, today: datetime.date | None = None) -> QuerySet:
    """The agreements `user` may see, with time status and what list pages show.

    Apps above this one add their own annotations through settings.AGREEMENT_LIST_ANNOTATIONS
    (functions `(queryset, today) -> queryset`, e.g. the monev "tanpa tindak lanjut" flags),
    so this app never imports them.
    """
    today = today or timezone.localdate()
    queryset = with_time_status(
        Agreement.objects.for_user(user)
        .select_related("office", "parent")
        .prefetch_related("parties__partner"),
        today,
    )
    for path in getattr(settings, "AGREEMENT_LIST_ANNOTATIONS", []):
        queryset = import_string(path)(queryset, today)
    return queryset
