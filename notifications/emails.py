"""Email delivery from recorded state: each row is claimed before it is sent.

A notification is created with email_status PENDING (one email each) or DIGEST (one daily
email per user). A sender claims a row with `UPDATE … SET email_status='SENDING' WHERE id=…
AND email_status='PENDING'`, so two senders never send the same row; a row left SENDING by a
killed worker goes back to its queue after STALE_AFTER and leaves on the next sweep.
"""

import datetime
import logging
import uuid
from dataclasses import replace

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Case, Value, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.jobs import Job

from .models import EmailStatus, Notification

logger = logging.getLogger(__name__)

STALE_AFTER = datetime.timedelta(minutes=15)
MAX_ATTEMPTS = 5
# Worth another try later: smtplib's errors and network failures are all OSErrors. A refused
# address is retried too, MAX_ATTEMPTS times, then marked FAILED with its error.
TRANSIENT = (OSError,)
# A notification's own email, and the daily digest: each row claimed PENDING (or DIGEST)
# → SENDING. The sweep is send_pending_emails itself, after requeue_stale.
EMAIL = Job(
    EmailStatus.PENDING,
    EmailStatus.SENDING,
    status="email_status",
    claimed_at="email_claimed_at",
    attempts="email_attempts",
)
DIGEST = replace(EMAIL, pending=EmailStatus.DIGEST)


def _site_url() -> str:
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def _context(recipient, **extra) -> dict:
    site = _site_url()
    return {
        "recipient": recipient,
        "site_url": site,
        "list_url": site + reverse("notifications:list"),
        "preferences_url": site + reverse("notifications:preferences"),
        **extra,
    }


def _message(recipient, subject: str, template: str, context: dict) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(f"notifications/email/{template}.txt", context)
        html = render_to_string(f"notifications/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=f"[{_('KPU Kerja Sama')}] {subject}", body=text, to=[recipient.email]
    )
    message.attach_alternative(html, "text/html")
    return message


def notification_email(notification: Notification) -> EmailMultiAlternatives:
    """The email of one notification (subject, text and HTML bodies, recipient)."""
    link = _site_url() + notification.get_absolute_url()
    context = _context(notification.recipient, notification=notification, link=link)
    return _message(notification.recipient, notification.title, "notification", context)


def digest_email(recipient, notifications: list[Notification]) -> EmailMultiAlternatives:
    """One email listing `notifications` for `recipient`."""
    site = _site_url()
    rows = [(n, site + n.get_absolute_url()) for n in notifications]
    subject = _("Ringkasan harian: %(count)s notifikasi") % {"count": len(notifications)}
    context = _context(recipient, rows=rows, count=len(notifications))
    return _message(recipient, subject, "digest", context)


def _failed(ids: list[int], error: Exception, *, back_to: str) -> None:
    """Put claimed rows back in their queue, or mark them FAILED after MAX_ATTEMPTS."""
    transient = isinstance(error, TRANSIENT)
    Notification.objects.filter(pk__in=ids).update(
        email_status=Case(
            When(email_attempts__lt=MAX_ATTEMPTS, then=Value(back_to)),
            default=Value(EmailStatus.FAILED),
        )
        if transient
        else Value(EmailStatus.FAILED),
        email_claim=None,
        email_error=f"{type(error).__name__}: {error}"[:255],
    )
    logger.warning("Email notifikasi %s gagal: %s", ids, error)


def _sent(ids: list[int]) -> None:
    Notification.objects.filter(pk__in=ids).update(
        email_status=EmailStatus.SENT, emailed_at=timezone.now(), email_claim=None, email_error=""
    )


def deliver_email(*, notification_id: int) -> bool:
    """Claim one PENDING notification and email it; False when someone else had it."""
    if EMAIL.claim(Notification.objects.filter(pk=notification_id)) is None:
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    if not notification.recipient.email:
        Notification.objects.filter(pk=notification_id).update(email_status=EmailStatus.NONE)
        return False
    try:
        notification_email(notification).send()
    except Exception as error:
        _failed([notification_id], error, back_to=EmailStatus.PENDING)
        return False
    _sent([notification_id])
    return True


def requeue_stale(*, stale_after: datetime.timedelta = STALE_AFTER) -> int:
    """Rows claimed by a sender that died go back to their queue (PENDING or DIGEST)."""
    return EMAIL.stale_claims(Notification.objects.all(), stale_after).update(
        email_status=Case(
            When(in_digest=True, then=Value(EmailStatus.DIGEST)),
            default=Value(EmailStatus.PENDING),
        ),
        email_claim=None,
    )


def send_pending_emails(*, limit: int = 500) -> int:
    """The sweep: requeue stale claims, then send up to `limit` PENDING emails."""
    requeue_stale()
    ids = list(
        Notification.objects.filter(email_status=EmailStatus.PENDING)
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    return sum(deliver_email(notification_id=pk) for pk in ids)


def deliver_digest(*, user_id: int) -> int:
    """Claim every DIGEST notification of one user and send them as one email."""
    token = uuid.uuid4()
    if DIGEST.claim(Notification.objects.filter(recipient_id=user_id), email_claim=token) is None:
        return 0
    rows = list(
        Notification.objects.filter(email_claim=token)
        .select_related("recipient", "office")
        .order_by("created_at", "id")
    )
    ids = [n.pk for n in rows]
    try:
        digest_email(rows[0].recipient, rows).send()
    except Exception as error:
        _failed(ids, error, back_to=EmailStatus.DIGEST)
        return 0
    _sent(ids)
    return len(ids)


def send_daily_digests() -> int:
    """One email per user with notifications waiting for the digest; returns emails sent."""
    requeue_stale()
    users = (
        Notification.objects.filter(email_status=EmailStatus.DIGEST)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    return sum(1 for user_id in list(users) if deliver_digest(user_id=user_id))
