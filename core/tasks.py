"""Housekeeping tasks scheduled by beat (see CELERY_BEAT_SCHEDULE)."""

from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone

from . import form_tokens


@shared_task(acks_late=True)
def clear_expired_sessions() -> int:
    """Delete expired sessions; returns how many were removed. Safe to run twice."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task(acks_late=True)
def clear_old_form_tokens() -> int:
    """Delete the one-time tokens of create forms posted over a day ago. Safe to run twice."""
    return form_tokens.clear_old_form_tokens()
