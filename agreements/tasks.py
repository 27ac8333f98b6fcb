"""Celery doors onto agreements.documents; each claims its row first, so reruns are harmless."""

from celery import shared_task

from . import documents


@shared_task(acks_late=True)
def render_agreement_document(*, document_id: int) -> None:
    """Render one queued PDF (returns quietly if the row is gone, done or being rendered)."""
    documents.document_render(document_id=document_id)


@shared_task(acks_late=True)
def sweep_agreement_documents() -> int:
    """Beat sweep: re-queue renders stuck in PENDING or RENDERING (lost message, dead worker)."""
    return documents.documents_sweep()
