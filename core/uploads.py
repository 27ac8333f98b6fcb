"""Uploaded files: checked by content (magic bytes), size-capped, stored outside the web root.

Files are served only by views that check the user's scope first (see `private_download`).
"""

import hashlib
import uuid
from contextlib import contextmanager
from pathlib import Path, PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 20 * 1024 * 1024

# Leading bytes of the formats the app accepts, with the extension we store them under.
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "xlsx": (b"PK\x03\x04",),
}
DOCUMENT_KINDS = ("pdf", "png", "jpg")


class PrivateStorage(LazyObject):
    """FileSystemStorage under MEDIA_ROOT/private, with no public URL."""

    def _setup(self):
        self._wrapped = FileSystemStorage(
            location=Path(settings.MEDIA_ROOT) / "private", base_url=None
        )


private_storage = PrivateStorage()


def private_files() -> PrivateStorage:
    """FileField(storage=private_files): a callable, so migrations do not record the path."""
    return private_storage


@receiver(setting_changed)
def _reset_private_storage(*, setting, **kwargs) -> None:
    # Tests point MEDIA_ROOT at a temporary folder; the storage must follow.
    if setting == "MEDIA_ROOT":
        private_storage._wrapped = empty


def sniff_kind(head: bytes) -> str | None:
    """The format of a file from its first bytes, or None."""
    for kind, signatures in SIGNATURES.items():
        if any(head.startswith(signature) for signature in signatures):
            return kind
    return None


def validate_document(upload, *, kinds=DOCUMENT_KINDS, max_bytes: int = MAX_UPLOAD_BYTES) -> str:
    """Raise ValidationError (Indonesian) unless `upload` is one of `kinds` within the size cap.

    Returns the detected kind. The name and the browser's content type are not trusted.
    """
    if upload.size == 0:
        raise ValidationError(_("Berkas kosong."), code="empty")
    if upload.size > max_bytes:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s MB); batasnya %(limit)s MB.")
            % {"size": round(upload.size / 1024 / 1024, 1), "limit": max_bytes // 1024 // 1024},
            code="too_large",
        )
    upload.seek(0)
    kind = sniff_kind(upload.read(16))
    upload.seek(0)
    if kind not in kinds:
        raise ValidationError(
            _("Isi berkas bukan %(kinds)s.") % {"kinds": ", ".join(k.upper() for k in kinds)},
            code="bad_type",
        )
    return kind


def sha256_of(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(1024 * 1024), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


NAME_MAX = 255


def original_name(upload) -> str:
    """The file name the user chose, without any path, shortened to fit (extension kept)."""
    name = PurePath(str(upload.name or "").replace("\\", "/")).name or "berkas"
    if len(name) <= NAME_MAX:
        return name
    suffix = PurePath(name).suffix[:16]
    return name[: NAME_MAX - len(suffix)] + suffix


def store_upload(record, upload, *, user) -> None:
    """Check `upload` by content and size, fill `record`'s StoredFile fields and write the file
    under a random name (the user's name is kept only as data, never as a path).

    `record` is not saved; wrap its saving in `discard_file_on_error(record)`.
    """
    # The cap is read at call time, so tests can lower MAX_UPLOAD_BYTES.
    detected = validate_document(upload, max_bytes=MAX_UPLOAD_BYTES)
    record.original_name = original_name(upload)
    record.size = upload.size
    record.sha256 = sha256_of(upload)
    record.uploaded_by = user
    record.file.save(f"{uuid.uuid4().hex}.{detected}", upload, save=False)


@contextmanager
def discard_file_on_error(record):
    """Delete the file just stored for `record` when saving the row fails."""
    try:
        yield
    except Exception:
        record.file.delete(save=False)
        raise


def private_download(field_file, filename: str) -> FileResponse:
    """Serve a private file as a download, never rendered inline by the browser."""
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
