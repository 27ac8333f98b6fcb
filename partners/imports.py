"""Importing partners from Excel: row rules and the services that move a PartnerImport along.

PENDING → VALIDATING → INVALID | READY → (confirmed) IMPORTING → DONE, or FAILED on an
unexpected error. Every step claims its row first, so a task delivered twice does nothing
the second time. The import itself is one transaction: all rows or none.
"""

import logging
from datetime import timedelta
from functools import partial
from uuid import uuid4

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.activity import log_activity
from core.file_content import clean_name
from core.jobs import Job
from offices.models import Office

from .access import can_register
from .import_files import check_upload, data_rows, sheet_extent
from .import_models import PartnerImport
from .import_rows import CheckedFile, check_rows
from .models import Partner

logger = logging.getLogger(__name__)
Status = PartnerImport.Status

SYNC_MAX_ROWS = 200  # larger files are imported by Celery once confirmed
# The check, claimed by its task; the import, claimed by the user's confirmation.
CHECK = Job(Status.PENDING, Status.VALIDATING, attempts=None)
IMPORT = Job(Status.READY, Status.IMPORTING, attempts=None)


def _check_file(partner_import: PartnerImport, progress=None) -> CheckedFile:
    with partner_import.file.open("rb") as fileobj:
        return check_rows(data_rows(fileobj), progress=progress)


def _queue(task, import_id: int) -> None:
    transaction.on_commit(partial(task.delay, import_id=import_id))


def _finish(import_id: int, status: str, **fields) -> PartnerImport:
    now = timezone.now()
    finished_at = None if status == Status.READY else now
    PartnerImport.objects.filter(pk=import_id).update(
        status=status, finished_at=finished_at, updated_at=now, **fields
    )
    return PartnerImport.objects.get(pk=import_id)


def _record(import_id: int, checked: CheckedFile, message: str = "") -> PartnerImport:
    """Store a check's outcome: INVALID with the errors, or READY with a preview."""
    if checked.error_count > len(checked.errors):
        message += " " + _("Ditampilkan %(shown)s kesalahan pertama dari %(count)s.") % {
            "shown": len(checked.errors),
            "count": checked.error_count,
        }
    return _finish(
        import_id,
        Status.INVALID if checked.error_count else Status.READY,
        total_rows=checked.total,
        processed_rows=checked.total,
        errors=checked.errors,
        preview=checked.preview,
        message=message.strip(),
    )


def partner_import_start(*, actor, office: Office, upload) -> PartnerImport:
    """Store an uploaded file as a PENDING PartnerImport; Celery checks it
    (`validate_partner_import`) once the row is committed, the progress page shows how far.

    Nothing of the file is parsed in the request: only its size (counted as it streamed in)
    and its first bytes are checked. Raises PermissionDenied unless `actor` registers
    partners for `office`, and ValidationError (Indonesian) for a file too large or not an
    xlsx; nothing is stored then.
    """
    from .tasks import validate_partner_import

    if not can_register(actor, office):
        raise PermissionDenied
    check_upload(upload)
    with transaction.atomic():
        partner_import = PartnerImport(
            office=office,
            requested_by=actor,
            original_filename=clean_name(upload.name, "xlsx"),
        )
        partner_import.file.save(f"{uuid4().hex}.xlsx", upload, save=False)
        partner_import.save()
        _queue(validate_partner_import, partner_import.pk)
    return partner_import


def _file_problems(error: ValidationError) -> list[dict]:
    """A whole-file refusal as rows of the error table (no row number)."""
    return [{"row": None, "column": "", "message": message} for message in error.messages]


def _validate(import_id: int, progress) -> CheckedFile:
    """Bound the file first (import_guard: no row loaded), record how many rows it spans
    for the progress bar, then check every row."""
    partner_import = PartnerImport.objects.get(pk=import_id)
    with partner_import.file.open("rb") as fileobj:
        extent = sheet_extent(fileobj)
    PartnerImport.objects.filter(pk=import_id).update(
        total_rows=max(extent.rows - 1, 0), updated_at=timezone.now()
    )
    checked = _check_file(partner_import, progress)
    if not checked.total:
        raise ValidationError(
            _("Berkas tidak berisi data mitra: isi baris mulai baris 2, di bawah judul kolom."),
            code="empty",
        )
    return checked


def partner_import_validate(*, import_id: int) -> PartnerImport | None:
    """Check every row of a PENDING import; record READY or INVALID with all errors.

    Claims the row (PENDING → VALIDATING) first and returns None when it cannot: another run
    has it, or it is gone. Progress is written every 100 rows, each in its own autocommit
    update, so the progress poll sees it.
    """
    if CHECK.claim(PartnerImport.objects.filter(pk=import_id), processed_rows=0) is None:
        return None

    def progress(done: int) -> None:
        PartnerImport.objects.filter(pk=import_id).update(
            processed_rows=done, updated_at=timezone.now()
        )

    try:
        checked = _validate(import_id, progress)
    except ValidationError as exc:
        return _finish(import_id, Status.INVALID, errors=_file_problems(exc), preview=[])
    except Exception:
        logger.exception("Checking partner import %s failed", import_id)
        return _finish(import_id, Status.FAILED, message=_("Berkas tidak dapat diperiksa."))
    return _record(import_id, checked)


def partner_import_confirm(*, actor, partner_import: PartnerImport) -> PartnerImport:
    """The user's go-ahead for a READY import: claim it (READY → IMPORTING) and import it.

    Not wrapped in a transaction on purpose: the claim is one UPDATE, and the import has
    its own transaction (now for a small file, in Celery for a large one).
    """
    from .tasks import run_partner_import

    if not can_register(actor, partner_import.office):
        raise PermissionDenied
    claimed = IMPORT.claim(PartnerImport.objects.filter(pk=partner_import.pk), confirmed_by=actor)
    if claimed is None:
        raise ValidationError(_("Impor ini tidak lagi menunggu konfirmasi."))
    if partner_import.total_rows > SYNC_MAX_ROWS:
        _queue(run_partner_import, partner_import.pk)
    else:
        partner_import_run(import_id=partner_import.pk)
    partner_import.refresh_from_db()
    return partner_import


def _create_partners(partner_import: PartnerImport) -> None:
    checked = _check_file(partner_import)  # again: the registry may have changed
    if checked.error_count:
        raise _StillInvalid(checked)
    for partner in checked.partners:
        partner.registered_by = partner_import.office
    actor = partner_import.confirmed_by
    bulk_create_with_history(
        checked.partners, Partner, batch_size=500, default_user=actor, default_change_reason="impor"
    )
    log_activity(
        subject=partner_import,
        action="partner.imported",
        actor=actor,
        message=_("%(count)s mitra didaftarkan atas nama %(office)s dari berkas %(file)s.")
        % {
            "count": len(checked.partners),
            "office": partner_import.office,
            "file": partner_import.original_filename,
        },
    )
    now = timezone.now()
    partner_import.status, partner_import.finished_at = Status.DONE, now
    partner_import.created_count = partner_import.processed_rows = len(checked.partners)
    partner_import.save()


class _StillInvalid(Exception):
    def __init__(self, checked: CheckedFile):
        self.checked = checked


def partner_import_run(*, import_id: int) -> PartnerImport | None:
    """Create every partner of an IMPORTING import in one transaction, or none of them.

    The row is locked for the whole transaction, so a second run waits, then finds DONE and
    does nothing. When the rows no longer pass (the registry changed since the check) the
    import becomes INVALID with the errors; on any other error FAILED. None if it is gone.
    """
    try:
        with transaction.atomic():
            queryset = PartnerImport.objects.select_for_update().select_related("office")
            partner_import = queryset.filter(pk=import_id).first()
            if partner_import is None or partner_import.status != Status.IMPORTING:
                return partner_import
            _create_partners(partner_import)
            return partner_import
    except _StillInvalid as exc:
        message = _("Registri mitra berubah sejak berkas diperiksa; tidak ada mitra yang dibuat.")
        return _record(import_id, exc.checked, message)
    except Exception:
        logger.exception("Importing partner import %s failed", import_id)
        message = _("Impor gagal; tidak ada mitra yang dibuat. Coba lagi atau hubungi admin.")
        return _finish(import_id, Status.FAILED, message=message)


def partner_imports_requeue(*, stale_after: timedelta = timedelta(minutes=10)) -> int:
    """Queue again the imports whose Celery message was lost or whose worker died.

    Safe next to a live run: each step claims or locks its row. Returns how many were queued.
    """
    from .tasks import run_partner_import, validate_partner_import

    rows = PartnerImport.objects.all()
    queued = CHECK.sweep(
        rows,
        stale_after=stale_after,
        queue=lambda pk: validate_partner_import.delay(import_id=pk),
    )
    # The import itself is claimed by the user's confirmation and locked by its run, which
    # does nothing unless the row is still IMPORTING: a stale one is only queued again.
    importing = list(IMPORT.stale_claims(rows, stale_after).values_list("pk", flat=True))
    for pk in importing:
        run_partner_import.delay(import_id=pk)
    return queued + len(importing)
