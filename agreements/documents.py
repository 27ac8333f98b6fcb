"""The agreement as a PDF: rendering its HTML (agreements.document_layout) to a versioned row
(AgreementDocument) by a Celery task, and the document panel on the agreement page.

The database holds the pending work: a request makes a PENDING row and queues the task after
commit; the task claims the row (PENDING → RENDERING in one UPDATE) before it renders, so a
duplicate delivery does nothing; the beat sweep re-queues rows whose message was lost.
"""

import hashlib
import logging
from datetime import datetime, timedelta
from functools import partial

from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.activity import log_activity
from core.jobs import Job
from core.pdf import html_to_pdf

from .access import can_write, require_write
from .checklist import agreement_checklist
from .document_layout import SIGNED_STATES, document_html, is_registered
from .models import Agreement, AgreementDocument

logger = logging.getLogger(__name__)
Status = AgreementDocument.Status

STALE_PENDING = timedelta(minutes=2)
# Longer than CELERY_TASK_TIME_LIMIT (5 min): a render still running is never taken over.
STALE_RENDERING = timedelta(minutes=10)
MAX_ATTEMPTS = 3
# The render task's soft time limit (agreements.tasks): a render still going after this is
# stopped and the row says why. With the text caps a full agreement renders in seconds.
RENDER_TIME_LIMIT = 120
PANEL_ROWS = 6
# The render's claim: PENDING → RENDERING, stamped in started_at.
RENDER = Job(Status.PENDING, Status.RENDERING, claimed_at="started_at")


# --- Requesting and rendering -----------------------------------------------------------


def _queue(document_id: int) -> None:
    """Send the render to Celery; with the broker down the row stays PENDING for the sweep."""
    from .tasks import render_agreement_document  # tasks imports this module

    try:
        render_agreement_document.delay(document_id=document_id)
    except Exception:  # noqa: BLE001 — any broker failure: the sweep queues it again
        logger.exception("Could not queue agreement document %s; the sweep will", document_id)


@transaction.atomic
def document_request(
    *, agreement: Agreement, user, final: bool = False, retyped: bool = False
) -> AgreementDocument:
    """Queue the next version of the agreement's PDF: a preview of a draft, a copy of a signed
    agreement, or (final=True, at signing) the final copy, made once and never changed.

    A final copy that failed is queued again under the same version; asking for an existing
    final copy returns it. A registered agreement's text is its scan: a document is rendered
    for it only when a "salinan ketik ulang" is asked for (`retyped`), and marked as such.
    """
    require_write(user, agreement)
    # The lock serialises version numbers of concurrent requests.
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if is_registered(locked) and not (retyped and not final):
        raise ValidationError(
            _(
                "Naskah perjanjian yang dicatat adalah pindaian yang ditandatangani. Yang dapat "
                "dibuat hanya salinan ketik ulang, yang ditandai demikian."
            )
        )
    if final:
        if locked.state not in SIGNED_STATES:
            raise ValidationError(_("Naskah final hanya dibuat untuk perjanjian yang sudah sah."))
        existing = locked.documents.filter(is_final=True).first()
        if existing is not None:
            if existing.status == Status.FAILED:
                AgreementDocument.objects.filter(pk=existing.pk, status=Status.FAILED).update(
                    status=Status.PENDING, error="", attempts=0, updated_at=timezone.now()
                )
                existing.refresh_from_db()
                transaction.on_commit(partial(_queue, existing.pk))
            return existing
    last = locked.documents.aggregate(last=Max("version"))["last"] or 0
    document = AgreementDocument(
        agreement=locked,
        version=last + 1,
        is_final=final,
        requested_by=user if user.is_authenticated else None,
    )
    document.full_clean()
    document.save()
    if not final:
        log_activity(
            subject=locked,
            action="document.requested",
            actor=user,
            message=_("Naskah PDF versi %(version)s diminta.") % {"version": document.version},
        )
    transaction.on_commit(partial(_queue, document.pk))
    return document


def _claim(document_id: int) -> datetime | None:
    """Take the row for this worker: PENDING, or RENDERING by a worker that died. One UPDATE,
    so of two deliveries of the same task only one renders. Returns the claim's time."""
    return RENDER.claim(
        AgreementDocument.objects.filter(pk=document_id),
        take_over_after=STALE_RENDERING,
        max_attempts=MAX_ATTEMPTS,
        finished_at=None,
        error="",
    )


def _finish(document_id: int, started: datetime, **fields) -> bool:
    """Record the outcome, unless another worker has taken the row over since our claim."""
    now = timezone.now()
    return bool(
        AgreementDocument.objects.filter(
            pk=document_id, status=Status.RENDERING, started_at=started
        ).update(finished_at=now, updated_at=now, **fields)
    )


def _file_name(document: AgreementDocument) -> str:
    field = AgreementDocument._meta.get_field("file")
    return field.generate_filename(
        document,
        f"{document.agreement.kind.lower()}-{document.agreement_id}-v{document.version}.pdf",
    )


def document_render(*, document_id: int) -> AgreementDocument | None:
    """Render a queued document to PDF and store it (READY), or record the error (FAILED).

    Returns None when the row is gone or not claimable (done, failed, or being rendered).
    """
    started = _claim(document_id)
    if started is None:
        return None
    document = AgreementDocument.objects.select_related("agreement").get(pk=document_id)
    storage = document.file.storage
    try:
        pdf = html_to_pdf(document_html(document.agreement, final=document.is_final))
        name = storage.save(_file_name(document), ContentFile(pdf))
    except SoftTimeLimitExceeded:
        logger.warning("Rendering agreement document %s ran out of time", document_id)
        message = _(
            "Pembuatan naskah dihentikan karena melebihi %(seconds)s detik. Persingkat isi "
            "pasal atau pertimbangan, lalu buat ulang naskahnya."
        )
        _finish(
            document_id,
            started,
            status=Status.FAILED,
            error=message % {"seconds": RENDER_TIME_LIMIT},
        )
    except Exception as error:  # noqa: BLE001 — whatever broke, the row says so
        logger.exception("Rendering agreement document %s failed", document_id)
        _finish(
            document_id, started, status=Status.FAILED, error=f"{type(error).__name__}: {error}"
        )
    else:
        digest = hashlib.sha256(pdf).hexdigest()
        if not _finish(document_id, started, status=Status.READY, file=name, sha256=digest):
            storage.delete(name)
    document.refresh_from_db()
    return document


def documents_sweep() -> int:
    """Re-queue renders whose message or worker was lost: PENDING for over 2 minutes,
    RENDERING for over 10 (the claim takes those over). A row that died MAX_ATTEMPTS times is
    marked FAILED instead."""
    failed = {
        "status": Status.FAILED,
        "error": _("Pembuatan naskah terhenti %(n)s kali.") % {"n": MAX_ATTEMPTS},
        "finished_at": timezone.now(),
    }
    queued = RENDER.sweep(
        AgreementDocument.objects.all(),
        stale_after=STALE_RENDERING,
        pending_after=STALE_PENDING,
        max_attempts=MAX_ATTEMPTS,
        failed=failed,
        take_over=True,
        queue=_queue,
    )
    if queued:
        logger.info("Re-queued %s stuck agreement documents", queued)
    return queued


# --- The panel on the agreement page -----------------------------------------------------


def document_panel_context(
    agreement: Agreement, user, *, documents: list | None = None, checklist: list | None = None
) -> dict:
    """What templates/agreements/documents/panel.html needs; a fixed number of queries.
    The agreement page passes the newest PANEL_ROWS documents and the checklist it has."""
    if documents is None:
        documents = list(agreement.documents.order_by("-is_final", "-version")[:PANEL_ROWS])
    writer = can_write(user, agreement)
    failing = []
    if writer and agreement.is_editable:
        if checklist is None:
            checklist = agreement_checklist(agreement)
        failing = [item for item in checklist if not item.ok]
    return {
        "agreement": agreement,
        "documents": documents,
        "working": any(document.is_working for document in documents),
        "can_request": writer,
        "is_signed": agreement.state in SIGNED_STATES,
        "is_registered": is_registered(agreement),
        "checklist_failures": failing,
    }
