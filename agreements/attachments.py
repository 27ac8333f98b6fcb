"""Attachments of an agreement: drafts, minutes and the signed scan.

Files are checked by content (PDF, PNG or JPEG, at most 20 MB), hashed, stored on the
private storage under a random name and served only by the scoped download view.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import uploads
from core.activity import log_activity

from .access import require_write
from .models import Agreement, Attachment


@transaction.atomic
def attachment_add(
    *, user, agreement: Agreement, kind: str, upload, internal: bool = False
) -> Attachment:
    """Store `upload` as an attachment of `agreement` and log "attachment.added".

    Only the agreement's operators may add files, and only while it is a draft (or returned).
    The signed scan is the exception: the signing and registering services add it with
    `internal=True` as part of their own transaction; users never upload it here.
    """
    require_write(user, agreement)
    if kind not in Attachment.Kind.values:
        raise ValidationError(_("Jenis lampiran tidak dikenal."), code="kind")
    is_scan = kind == Attachment.Kind.SIGNED_SCAN
    if is_scan and not internal:
        raise ValidationError(
            _("Pindaian naskah yang ditandatangani diunggah saat penandatanganan atau pencatatan."),
            code="signed_scan",
        )
    if not (is_scan and internal) and not agreement.is_editable:
        raise ValidationError(
            _("Lampiran hanya dapat ditambahkan selama perjanjian masih berupa draf."),
            code="not_editable",
        )
    attachment = Attachment(agreement=agreement, kind=kind)
    uploads.store_upload(attachment, upload, user=user)
    with uploads.discard_file_on_error(attachment):
        attachment.full_clean()
        attachment.save()
        log_activity(
            subject=agreement,
            action="attachment.added",
            actor=user,
            message=attachment.original_name,
            changes={
                "attachment": attachment.pk,
                "kind": kind,
                "size": attachment.size,
                "sha256": attachment.sha256,
            },
        )
    # If an enclosing transaction (signing) rolls back later, the file stays as an orphan on
    # disk with no row pointing at it: harmless, and never served.
    return attachment


@transaction.atomic
def attachment_remove(*, user, attachment: Attachment) -> None:
    """Delete an attachment of a draft and its file; the signed scan is never removed."""
    agreement = attachment.agreement
    require_write(user, agreement)
    if attachment.kind == Attachment.Kind.SIGNED_SCAN:
        raise ValidationError(
            _("Pindaian naskah yang ditandatangani tidak dapat dihapus."), code="signed_scan"
        )
    if not agreement.is_editable:
        raise ValidationError(
            _("Lampiran hanya dapat dihapus selama perjanjian masih berupa draf."),
            code="not_editable",
        )
    log_activity(
        subject=agreement,
        action="attachment.removed",
        actor=user,
        message=attachment.original_name,
        changes={"attachment": attachment.pk, "kind": attachment.kind, "sha256": attachment.sha256},
    )
    file_name, storage = attachment.file.name, attachment.file.storage
    attachment.delete()
    # The file goes only once the row is surely gone, so a rollback loses nothing.
    transaction.on_commit(lambda: storage.delete(file_name))
