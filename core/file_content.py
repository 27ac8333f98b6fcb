"""What an uploaded file is, decided by its content, and the names it is served under.

The kind comes from the leading bytes, then has to hold up: a PDF must parse with pypdf, an
image must open with Pillow and is re-encoded (so nothing but its pixels is kept), and markup
a browser could run (HTML, SVG, script) is refused. The client's file name and content type
are never trusted; download names are cleaned and end in the extension of the content.
"""

import io
import re
import unicodedata
from pathlib import PurePath
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader

# Leading bytes of the formats the app accepts, with the extension we store them under.
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "xlsx": (b"PK\x03\x04",),
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
IMAGE_FORMATS = {"png": "PNG", "jpg": "JPEG"}
# Decoded size bound: a 4,000 × 4,000 image is 64 MB in memory. JPEGs are decoded scaled down
# to this (Pillow's draft mode); larger PNGs are refused.
MAX_PIXELS = 16_000_000
# Tags a browser would run or render. In a PDF only the text outside its streams is searched
# (compressed stream data would match short tags by chance); an image is searched whole for
# the longer markers only, and is re-encoded anyway.
PDF_MARKUP = re.compile(
    rb"<\s*(?:!doctype\s+html|html|head|body|script|svg|iframe|object|embed|meta)\b"
    rb"|javascript:|/JavaScript\b",
    re.IGNORECASE,
)
IMAGE_MARKUP = re.compile(rb"<(?:!doctype\s+html|html[\s>]|script|svg[\s>]|iframe)", re.I)
PDF_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
UNSAFE_NAME_CHARS = re.compile(r'[\\/:*?"<>|]+')
NAME_MAX = 120


def sniff_kind(head: bytes) -> str | None:
    """The format of a file from its first bytes, or None."""
    for kind, signatures in SIGNATURES.items():
        if any(head.startswith(signature) for signature in signatures):
            return kind
    return None


def _refused(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _check_pdf(data: bytes) -> bytes:
    if PDF_MARKUP.search(PDF_STREAM.sub(b" ", data)):
        raise _refused(
            _("Berkas PDF ini memuat kode HTML atau skrip; unggah PDF hasil pindaian biasa."),
            "markup",
        )
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValueError("password")
        pages = len(reader.pages)
    except Exception as exc:  # pypdf fails in many ways on damaged or disguised files
        raise _refused(
            _("Berkas PDF rusak, terkunci kata sandi, atau bukan PDF yang sebenarnya."),
            "bad_pdf",
        ) from exc
    if not pages:
        raise _refused(_("Berkas PDF tidak berisi halaman."), "bad_pdf")
    return data


def _check_image(data: bytes, kind: str) -> bytes:
    """The image re-encoded in its own format: pixels only (no metadata, no trailing data)."""
    if IMAGE_MARKUP.search(data):
        raise _refused(_("Berkas gambar ini memuat kode HTML atau skrip."), "markup")
    try:
        image = Image.open(io.BytesIO(data))
        if image.format != IMAGE_FORMATS[kind]:
            raise ValueError(image.format)
        if kind == "jpg":
            image.draft("RGB", _scaled(image.size))
        if image.width * image.height > MAX_PIXELS:
            raise _refused(
                _("Gambar terlalu besar (%(width)s × %(height)s piksel); simpan sebagai PDF.")
                % {"width": image.width, "height": image.height},
                "too_many_pixels",
            )
        image = ImageOps.exif_transpose(image)
        output = io.BytesIO()
        options = {"quality": 90} if kind == "jpg" else {}
        icc = image.info.get("icc_profile")
        if icc:
            options["icc_profile"] = icc
        image.save(output, IMAGE_FORMATS[kind], **options)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise _refused(_("Berkas gambar rusak atau bukan PNG/JPEG."), "bad_image") from None
    return output.getvalue()


def _scaled(size: tuple[int, int]) -> tuple[int, int]:
    """The size to ask a JPEG decoder for: the whole picture within MAX_PIXELS."""
    width, height = size
    scale = 1
    while (width // scale) * (height // scale) > MAX_PIXELS and scale < 8:
        scale *= 2
    return (width // scale, height // scale)


def checked_content(data: bytes, kind: str) -> bytes:
    """The bytes to store for a file of `kind` (sniffed), or ValidationError (Indonesian)."""
    if kind == "pdf":
        return _check_pdf(data)
    if kind in IMAGE_FORMATS:
        return _check_image(data, kind)
    return data


def clean_name(name: str, kind: str | None) -> str:
    """A file name safe to show and to send: no path, no control or bidi characters (a
    right-to-left override can make "rpt\u202eexe.pdf" read as "rptfdp.exe"), no characters
    file systems refuse, and the extension of the content whatever the name said."""
    name = PurePath(str(name or "").replace("\\", "/")).name
    name = "".join(
        char for char in name if unicodedata.category(char) not in ("Cc", "Cf", "Zl", "Zp", "Co")
    )
    name = " ".join(UNSAFE_NAME_CHARS.sub("_", name).split()).strip(" .")
    stem = PurePath(name).stem if PurePath(name).suffix else name
    stem = stem.strip(" .")[:NAME_MAX] or "berkas"
    return f"{stem}.{kind}" if kind else f"{stem}.bin"


def content_disposition(name: str) -> str:
    """`attachment` with an ASCII fallback and the exact name as RFC 5987 `filename*`."""
    fallback = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    fallback = fallback.replace('"', "").replace("\\", "") or "berkas"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
