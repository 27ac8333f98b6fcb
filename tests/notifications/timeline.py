"""Reminder test data relative to one local date, TODAY: signed agreements by their end,
extensions, pending reviews by how long they have waited, and the reminders sent."""

import datetime
from zoneinfo import ZoneInfo

from agreements.models import Agreement
from notifications.models import Notification
from offices.models import Office
from reviews.models import Review
from tests.factories import ReviewFactory, signed_agreement

TODAY = datetime.date(2026, 3, 2)


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def signed(office: Office, end: datetime.date, kind: str = "PKS", **fields) -> Agreement:
    """A signed agreement of `office` ending on `end` (start and signing two years before)."""
    start = fields.pop("start_date", end - datetime.timedelta(days=730))
    fields.setdefault("title", f"{kind} {office.code} sampai {end.isoformat()}")
    return signed_agreement(office, kind=kind, start=start, end=end, **fields)


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
    review = ReviewFactory(subject=subject, office=office, submitted_from=submitted_from)
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
