"""Celery doors onto agreements.documents; each claims its row first, so reruns are harmless."""

from celery import shared_task

from . import documents, timefacts


@shared_task(
    acks_late=True,
    soft_time_limit=documents.RENDER_TIME_LIMIT,
    time_limit=documents.RENDER_TIME_LIMIT + 30,
)
def render_agreement_document(*, document_id: int) -> None:
    """Render one queued PDF (returns quietly if the row is gone, done or being rendered).
    A render over the soft limit is stopped and marked FAILED with the reason; past the hard
    limit the worker process is killed and the sweep retries or fails the row."""
    documents.document_render(document_id=document_id)


@shared_task(acks_late=True)
def sweep_agreement_documents() -> int:
    """Beat sweep: re-queue renders stuck in PENDING or RENDERING (lost message, dead worker)."""
    return documents.documents_sweep()


@shared_task(acks_late=True)
def verify_agreement_time_facts() -> int:
    """Nightly: recompute every agreement's stored effective end and successor flag, log and
    repair any drift; returns how many rows were wrong (0 when all agree)."""
    return len(timefacts.repair_time_facts())
