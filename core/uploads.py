"""Uploaded files: size-capped while they stream in, checked by content (core.file_content),
stored outside the web root under server-made names.

Files are served only by views that check the user's scope first (see `private_download`).
"""

import hashlib
import io
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext as _

from .file_content import (
    CONTENT_TYPES,
    SIGNATURES,  # noqa: F401 (re-exported)
    checked_content,
    clean_name,
    content_disposition,
    sniff_kind,
)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
DOCUMENT_KINDS = ("pdf", "png", "jpg")
IMAGE_KINDS = ("png", "jpg")


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


def upload_limit(max_bytes: int):
    """Decorator: the files posted to this view are capped at `max_bytes` while they stream
    in (see CappedUploadHandler), below the global MAX_UPLOAD_BYTES."""

    def decorate(view):
        view.upload_max_bytes = max_bytes
        return view

    return decorate


def _cap_for(request) -> int:
    match = getattr(request, "resolver_match", None)
    view_cap = getattr(match.func, "upload_max_bytes", None) if match else None
    return min(view_cap or MAX_UPLOAD_BYTES, MAX_UPLOAD_BYTES)


class OversizedUpload(UploadedFile):
    """Stands for a file refused while it streamed in: its name and how large it was, no
    content. `validate_document` and the import refuse it by its size."""

    def __init__(self, name: str, size: int, content_type: str | None):
        super().__init__(io.BytesIO(b""), name, content_type, size)


class CappedUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS. Counts each file's bytes as they arrive; past the view's
    cap it passes no more of them to the handlers that store uploads (memory, temporary file)
    and the form gets an OversizedUpload. When the request's declared length alone exceeds
    the cap (with room for the form's other fields), no byte of its files is kept at all.
    The rest of the body is still read off the connection and dropped, chunk by chunk, so
    the user gets the form back with the message."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.max_bytes = _cap_for(self.request)
        self.request_length = content_length
        self.drop_all = content_length > self.max_bytes + settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.seen = 0
        self.dropping = self.drop_all

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.seen += len(raw_data)
        if self.seen > self.max_bytes:
            self.dropping = True
        return None if self.dropping else raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if not self.dropping:
            return None
        size = max(self.seen, self.request_length if self.drop_all else 0)
        return OversizedUpload(self.file_name, size, self.content_type)


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


def _content(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def checked_file(upload, *, kinds=DOCUMENT_KINDS, max_bytes: int = MAX_UPLOAD_BYTES) -> ContentFile:
    """`upload` as the file to store: checked by size and content (a PDF that pypdf reads, a
    re-encoded image), named by the server (uuid + the extension of its content), never by
    the client. For FileFields filled by a form (partner statement, logos)."""
    kind = validate_document(upload, kinds=kinds, max_bytes=max_bytes)
    return ContentFile(checked_content(_content(upload), kind), name=f"{uuid.uuid4().hex}.{kind}")


def store_upload(record, upload, *, user) -> None:
    """Check `upload` by size and content, fill `record`'s StoredFile fields and write the
    checked content under a random name (the user's name, cleaned and with the extension of
    the content, is kept only as data, never as a path).

    `record` is not saved; wrap its saving in `discard_file_on_error(record)`.
    """
    # The cap is read at call time, so tests can lower MAX_UPLOAD_BYTES.
    content = checked_file(upload, max_bytes=MAX_UPLOAD_BYTES)
    kind = content.name.rsplit(".", 1)[-1]
    data = content.read()
    content.seek(0)
    record.original_name = clean_name(upload.name, kind)
    record.size = len(data)
    record.sha256 = hashlib.sha256(data).hexdigest()
    record.uploaded_by = user
    record.file.save(content.name, content, save=False)


@contextmanager
def discard_file_on_error(record):
    """Delete the file just stored for `record` when saving the row fails."""
    try:
        yield
    except Exception:
        record.file.delete(save=False)
        raise


def private_download(field_file, filename: str) -> FileResponse:
    """Serve a private file as a download, never rendered inline by the browser.

    The type comes from the stored content (sniffed again, so a file stored before uploads
    were checked is still served by what it is), the name is cleaned and forced to that
    type's extension, and `filename*` carries it exactly (RFC 5987)."""
    handle = field_file.open("rb")
    kind = sniff_kind(handle.read(16))
    handle.seek(0)
    response = FileResponse(
        handle, content_type=CONTENT_TYPES.get(kind, "application/octet-stream")
    )
    response["Content-Disposition"] = content_disposition(clean_name(filename, kind))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
