"""Celery doors onto the email senders; safe to run twice. (The daily reminder pass, which
needs every app's rules, is dashboards.tasks.send_reminders.)

Scheduled by beat (CELERY_BEAT_SCHEDULE in settings). Nothing here waits on an ETA or a
countdown: pending work is a row with a status, and each sweep claims its rows.
"""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import emails

# A database restart or a dropped connection is worth a retry; a bug is not.
TRANSIENT_DB = (OperationalError, InterfaceError)


@shared_task(acks_late=True, autoretry_for=TRANSIENT_DB, retry_backoff=True, max_retries=3)
def send_pending_emails() -> int:
    """Send the PENDING notification emails (each row claimed first); returns emails sent."""
    return emails.send_pending_emails()


@shared_task(acks_late=True, autoretry_for=TRANSIENT_DB, retry_backoff=True, max_retries=3)
def send_daily_digests() -> int:
    """One email per user who chose the daily digest; returns emails sent."""
    return emails.send_daily_digests()
