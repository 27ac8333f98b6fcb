"""Creating notifications and recording reminders exactly once.

`remind_many` inserts the ReminderLog rows with INSERT … ON CONFLICT DO NOTHING RETURNING in
the same transaction as the notifications it creates, and creates notifications only for the
rows it inserted: a second run, or a concurrent one, inserts nothing and notifies nobody.
Emails leave later from the recorded state (notifications.emails), never from here.
"""

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from offices.models import Membership, Office

from .models import (
    DeliverySettings,
    EmailStatus,
    Notification,
    NotificationPreference,
    ReminderLog,
)
from .rules import Reminder, Zone, zones_at

logger = logging.getLogger(__name__)

# One statement for any number of reminders: arrays in, the newly inserted keys out.
_INSERT_LOGS = """
INSERT INTO notifications_reminderlog
    (content_type_id, object_id, kind, threshold, office_id, local_date, created_at)
SELECT ct, obj, kind, threshold, office, day, %s
FROM unnest(%s::integer[], %s::bigint[], %s::varchar[], %s::varchar[], %s::bigint[], %s::date[])
    AS batch(ct, obj, kind, threshold, office, day)
ON CONFLICT (content_type_id, object_id, kind, threshold) DO NOTHING
RETURNING id, content_type_id, object_id, kind, threshold
"""


@dataclass(frozen=True)
class Recipient:
    user_id: int
    username: str
    email: str


@dataclass(frozen=True)
class Delivery:
    """A reminder and who it went (or, in a dry run, would go) to."""

    reminder: Reminder
    recipients: tuple[Recipient, ...]


def _key(reminder: Reminder) -> tuple:
    content_type = ContentType.objects.get_for_model(reminder.subject)
    return (content_type.pk, reminder.subject.pk, reminder.kind, reminder.threshold)


def _recipients(reminders: list[Reminder]) -> dict[Reminder, tuple[Recipient, ...]]:
    """Resolve every audience of every reminder with one query over the memberships."""
    office_ids = {a.office_id for r in reminders for a in r.audiences}
    roles = {role for r in reminders for a in r.audiences for role in a.roles}
    members: dict[tuple[int, str], list[Recipient]] = defaultdict(list)
    rows = (
        Membership.objects.filter(office_id__in=office_ids, role__in=roles, user__is_active=True)
        .order_by("user__username")
        .values_list("office_id", "role", "user_id", "user__username", "user__email")
    )
    for office_id, role, user_id, username, email in rows:
        members[(office_id, role)].append(Recipient(user_id, username, email))
    resolved = {}
    for reminder in reminders:
        found: dict[int, Recipient] = {}
        for audience in reminder.audiences:
            for role in audience.roles:
                found.update((m.user_id, m) for m in members[(audience.office_id, role)])
        resolved[reminder] = tuple(sorted(found.values(), key=lambda m: m.username))
    return resolved


def _email_statuses(recipients: Iterable[Recipient]):
    """A function (user_id, kind) → NONE, PENDING or DIGEST: how that user gets email of
    that kind. Two queries for all the recipients at once."""
    emails = {r.user_id: r.email for r in recipients}
    opted_out = set(
        NotificationPreference.objects.filter(user_id__in=emails, email=False).values_list(
            "user_id", "kind"
        )
    )
    digest = set(
        DeliverySettings.objects.filter(user_id__in=emails, daily_digest=True).values_list(
            "user_id", flat=True
        )
    )

    def status(user_id: int, kind: str) -> str:
        if not emails[user_id] or (user_id, kind) in opted_out:
            return EmailStatus.NONE
        return EmailStatus.DIGEST if user_id in digest else EmailStatus.PENDING

    return status


def _notification(recipient: Recipient, status: str, **fields) -> Notification:
    return Notification(
        recipient_id=recipient.user_id,
        email_status=status,
        in_digest=status == EmailStatus.DIGEST,
        **fields,
    )


def _queue_email_sweep() -> None:
    """Ask a worker to send the new emails now. If the broker is down, the rows wait for
    the beat sweep (every five minutes): nothing is lost, and the caller does not fail."""
    from .tasks import send_pending_emails

    try:
        send_pending_emails.delay()
    except Exception:  # kombu raises several types when Redis is unreachable
        logger.warning("Antrean email tidak terjangkau; menunggu sapuan berikutnya.", exc_info=True)


def remind_many(reminders: list[Reminder], *, dry_run: bool = False) -> list[Delivery]:
    """Record each reminder once and notify its recipients; returns the deliveries made.

    Reminders already in the log are skipped. In a dry run nothing is written and the
    deliveries that would be made are returned.
    """
    unique = list({_key(r): r for r in reminders}.items())
    if not unique:
        return []
    if dry_run:
        return _dry_run(unique)
    with transaction.atomic():
        inserted = _insert_logs(unique)
        fresh = [(log_id, reminder) for key, reminder in unique if (log_id := inserted.get(key))]
        recipients = _recipients([reminder for _, reminder in fresh])
        status_of = _email_statuses(r for found in recipients.values() for r in found)
        notifications = [
            _notification(
                recipient,
                status_of(recipient.user_id, reminder.kind),
                kind=reminder.kind,
                title=reminder.title[:255],
                body=reminder.body,
                url=reminder.url,
                content_type_id=_key(reminder)[0],
                object_id=reminder.subject.pk,
                office_id=reminder.office_id,
                reminder_id=log_id,
            )
            for log_id, reminder in fresh
            for recipient in recipients[reminder]
        ]
        Notification.objects.bulk_create(notifications)
        if any(n.email_status == EmailStatus.PENDING for n in notifications):
            transaction.on_commit(_queue_email_sweep)
    return [Delivery(reminder, recipients[reminder]) for _, reminder in fresh]


def _insert_logs(unique: list[tuple[tuple, Reminder]]) -> dict[tuple, int]:
    columns = list(zip(*(key for key, _ in unique), strict=True))
    offices = [reminder.office_id for _, reminder in unique]
    days = [reminder.local_date for _, reminder in unique]
    with connection.cursor() as cursor:
        cursor.execute(_INSERT_LOGS, [timezone.now(), *map(list, columns), offices, days])
        return {tuple(row[1:]): row[0] for row in cursor.fetchall()}


def _dry_run(unique: list[tuple[tuple, Reminder]]) -> list[Delivery]:
    done = set(
        ReminderLog.objects.filter(
            object_id__in={key[1] for key, _ in unique}, kind__in={key[2] for key, _ in unique}
        ).values_list("content_type_id", "object_id", "kind", "threshold")
    )
    pending = [reminder for key, reminder in unique if key not in done]
    recipients = _recipients(pending)
    return [Delivery(reminder, recipients[reminder]) for reminder in pending]


@transaction.atomic
def notify(
    *,
    recipients: Iterable,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    subject: models.Model | None = None,
    office: Office | None = None,
) -> list[Notification]:
    """Notify users of an event (not a reminder: nothing is deduplicated)."""
    people = [Recipient(u.pk, u.username, u.email) for u in recipients if u.is_active]
    status_of = _email_statuses(people)
    content_type = ContentType.objects.get_for_model(subject) if subject is not None else None
    notifications = Notification.objects.bulk_create(
        _notification(
            person,
            status_of(person.user_id, kind),
            kind=kind,
            title=title[:255],
            body=body,
            url=url,
            content_type=content_type,
            object_id=subject.pk if subject is not None else None,
            office=office,
        )
        for person in {p.user_id: p for p in people}.values()
    )
    if any(n.email_status == EmailStatus.PENDING for n in notifications):
        transaction.on_commit(_queue_email_sweep)
    return notifications


def office_zones(
    *, now: datetime.datetime | None = None, on_date: datetime.date | None = None
) -> list[Zone]:
    """The time zones of the active offices, each with its local date at `now` (or `on_date`
    everywhere): what the daily reminder pass hands to every rule."""
    names = (
        Office.objects.filter(is_active=True)
        .order_by("timezone")
        .values_list("timezone", flat=True)
        .distinct()
    )
    return zones_at(names, now=now, on_date=on_date)


def resolve(*, subject: models.Model, kinds: Iterable[str], office: Office | None = None) -> int:
    """The work that notifications of `kinds` about `subject` asked for is done (a review
    decided, an agreement signed, an evaluation submitted): mark them done and read, for
    every recipient, so the bell stops counting them, and drop the emails not sent yet.
    `office` limits it to the notifications addressed to that office. Returns how many."""
    now = timezone.now()
    notifications = Notification.objects.filter(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        kind__in=list(kinds),
        resolved_at__isnull=True,
    )
    if office is not None:
        notifications = notifications.filter(office=office)
    unsent = Q(email_status__in=[EmailStatus.PENDING, EmailStatus.DIGEST])
    return notifications.update(
        resolved_at=now,
        read_at=Coalesce(F("read_at"), Value(now)),
        email_status=Case(When(unsent, then=Value(EmailStatus.NONE)), default=F("email_status")),
        in_digest=Case(When(unsent, then=Value(False)), default=F("in_digest")),
    )


def mark_read(*, user, notification: Notification) -> None:
    """Mark one of the user's own notifications as read (a second time keeps the first)."""
    Notification.objects.for_user(user).filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def mark_all_read(*, user) -> int:
    """Mark every unread notification of `user` as read; returns how many."""
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())


@transaction.atomic
def preferences_save(*, user, email_kinds: Iterable[str], daily_digest: bool) -> None:
    """Store which kinds `user` wants by email, and whether as one daily digest."""
    wanted = set(email_kinds)
    for kind in Notification.Kind.values:
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"email": kind in wanted}
        )
    DeliverySettings.objects.update_or_create(user=user, defaults={"daily_digest": daily_digest})
