"""Small real files for upload tests: a PDF pypdf reads, images Pillow opens (uploads are
checked by content, so bytes that only start like a PDF or a PNG are refused)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader, PdfWriter


def pdf_bytes(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_bytes(kind: str = "png", size: tuple[int, int] = (8, 8), **save) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, {"png": "PNG", "jpg": "JPEG"}[kind], **save)
    return buffer.getvalue()


PDF = pdf_bytes()
PNG = image_bytes("png")
JPEG = image_bytes("jpg")


def pdf_upload(name: str = "naskah.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    """An uploaded PDF (a real one unless `content` says otherwise), as a form receives it."""
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def pdf_text(content: bytes, separator: str = " ") -> str:
    """The text of every page of a PDF, read back with pypdf, whitespace collapsed."""
    pages = PdfReader(io.BytesIO(content)).pages
    return separator.join(" ".join(page.extract_text().split()) for page in pages)
