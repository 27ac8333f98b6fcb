"""Housekeeping tasks scheduled by beat (see CELERY_BEAT_SCHEDULE)."""

from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone


@shared_task(acks_late=True)
def clear_expired_sessions() -> int:
    """Delete expired sessions; returns how many were removed. Safe to run twice."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
