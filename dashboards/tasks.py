"""Celery door onto the daily reminder pass (dashboards.reminders); safe to run twice: the
ReminderLog records each reminder once. Scheduled by beat (CELERY_BEAT_SCHEDULE)."""

import datetime

from celery import shared_task
from django.db import InterfaceError, OperationalError

from .reminders import reminders_run

# A database restart or a dropped connection is worth a retry; a bug is not.
TRANSIENT_DB = (OperationalError, InterfaceError)


@shared_task(acks_late=True, autoretry_for=TRANSIENT_DB, retry_backoff=True, max_retries=3)
def send_reminders(*, on_date: str | None = None) -> int:
    """The daily reminder pass, each office on its own local date (or on `on_date`,
    YYYY-MM-DD, for every office); returns how many reminders were recorded."""
    day = datetime.date.fromisoformat(on_date) if on_date else None
    return len(reminders_run(on_date=day))
