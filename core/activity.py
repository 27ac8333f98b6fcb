"""log_activity(): the one way services record a workflow event."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import ActivityLog


def log_activity(
    *,
    subject: models.Model,
    action: str,
    actor=None,
    message: str = "",
    changes: dict[str, Any] | None = None,
) -> ActivityLog:
    """Record that `actor` performed `action` on `subject` (in the caller's transaction)."""
    return ActivityLog.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(subject),
        object_id=str(subject.pk),
        message=message,
        changes=changes or {},
    )


def activities_for(subject: models.Model):
    """The activity log of one object, newest first, with the actors loaded."""
    return ActivityLog.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=str(subject.pk)
    ).select_related("actor")
