"""Celery doors onto the partner import services; each claims its row, so reruns are harmless."""

from celery import shared_task

from . import imports


@shared_task(acks_late=True)
def validate_partner_import(*, import_id: int) -> None:
    """Check the rows of a PENDING import (returns quietly if it is gone or already taken)."""
    imports.partner_import_validate(import_id=import_id)


@shared_task(acks_late=True)
def run_partner_import(*, import_id: int) -> None:
    """Create the partners of a confirmed import, all or none (quietly skips a finished one)."""
    imports.partner_import_run(import_id=import_id)


@shared_task(acks_late=True)
def requeue_partner_imports() -> int:
    """Beat sweep: re-queue imports stuck in a working status (lost message, dead worker)."""
    return imports.partner_imports_requeue()
