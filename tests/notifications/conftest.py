"""Reminder fixtures: signed agreements and pending reviews made straight through the ORM (the
lifecycle itself is tested in tests/agreements), all relative to one local date, TODAY."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType

from agreements.models import Agreement
from notifications.models import Notification
from offices.models import Membership, Office
from reviews.models import Review
from tests.factories import member

TODAY = datetime.date(2026, 3, 2)
Role = Membership.Role


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def signed(office: Office, end: datetime.date, kind: str = "PKS", **fields) -> Agreement:
    """A signed agreement of `office` ending on `end` (start and signing two years before)."""
    start = fields.pop("start_date", end - datetime.timedelta(days=730))
    fields.setdefault("title", f"{kind} {office.code} sampai {end.isoformat()}")
    return Agreement.objects.create(
        office=office,
        kind=kind,
        state=fields.pop("state", Agreement.State.SIGNED),
        divisi=Agreement.Divisi.PARTICIPATION,
        start_date=start,
        end_date=end,
        signed_on=fields.pop("signed_on", start),
        **fields,
    )


def extension(parent: Agreement, new_end: datetime.date, state: str = "SIGNED") -> Agreement:
    """An addendum of `parent` extending its term to `new_end`."""
    return signed(
        parent.office,
        new_end,
        kind="ADDENDUM",
        parent=parent,
        extends_term=True,
        state=state,
        start_date=parent.start_date,
        title=f"Perpanjangan {parent.title}",
    )


def pending_review(subject, office: Office, submitted_from: Office, waited: int) -> Review:
    """A PENDING review of `subject` addressed to `office`, opened `waited` local days before
    TODAY (at 10:00 in the office's zone)."""
    review = Review.objects.create(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        office=office,
        submitted_from=submitted_from,
        round=1,
        step=1,
        subject_kind=getattr(subject, "kind", ""),
        subject_title=str(getattr(subject, "title", subject)),
    )
    opened = datetime.datetime.combine(
        days(-waited), datetime.time(10), tzinfo=ZoneInfo(office.timezone)
    )
    Review.objects.filter(pk=review.pk).update(created_at=opened)
    review.refresh_from_db()
    return review


def sent(user=None, **filters) -> set[tuple]:
    """(kind, threshold, object_id, username) of the reminder notifications sent."""
    rows = Notification.objects.filter(reminder__isnull=False, **filters)
    if user is not None:
        rows = rows.filter(recipient=user)
    return set(rows.values_list("kind", "reminder__threshold", "object_id", "recipient__username"))


@pytest.fixture
def ponorogo_reviewer(offices):
    """A reviewer of the owning office itself: no reminder rule addresses them."""
    return member("verifikator.ponorogo", "35.02", Role.REVIEWER)


@pytest.fixture
def jayapura(offices) -> Office:
    """KPU Kabupaten Jayapura, Papua: WIT (Asia/Jayapura), two hours ahead of WIB."""
    return Office.objects.get(code="91.03")


@pytest.fixture
def jayapura_operator(offices):
    return member("operator.jayapura", "91.03", Role.OPERATOR)


@pytest.fixture
def people(operator, commissioner, reviewer, jatim_commissioner, ponorogo_reviewer, ri_reviewer):
    """Everyone who may (or must not) hear of a Ponorogo reminder."""
    return {
        "operator": operator,
        "commissioner": commissioner,
        "reviewer": reviewer,
        "jatim_commissioner": jatim_commissioner,
        "ponorogo_reviewer": ponorogo_reviewer,
        "ri_reviewer": ri_reviewer,
    }
