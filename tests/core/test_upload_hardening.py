"""Uploads decided by content and served under clean names: polyglots and markup refused,
images re-encoded, names never trusted, large posts refused while they stream in."""

import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.urls import reverse
from django.utils.functional import empty
from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from agreements import attachments
from agreements.attachments import attachment_add
from agreements.models import Agreement, Attachment
from core import file_content
from core.file_content import clean_name, content_disposition
from core.uploads import OversizedUpload, private_storage
from offices.forms import OfficeForm
from partners.models import Partner
from tests.files import JPEG, PDF, PNG, image_bytes

pytestmark = pytest.mark.django_db
MB = 1024 * 1024
UUID_NAME = re.compile(r"^[0-9a-f]{32}\.(pdf|png|jpg)$")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    private_storage._wrapped = empty
    yield tmp_path
    private_storage._wrapped = empty


@pytest.fixture
def draft(ponorogo) -> Agreement:
    return Agreement.objects.create(
        office=ponorogo,
        kind="PKS",
        title="Pendidikan pemilih pemula",
        divisi="PARTICIPATION",
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2026, 1, 1),
    )


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()]


def _upload(name: str, content: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _pdf_with_javascript() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_open_action(JavaScript("app.alert('x');"))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _png_with_text(text: str) -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", text)
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


REFUSED = {
    "a %PDF- + HTML polyglot named poly.html": (
        "poly.html",
        b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n",
        "memuat kode HTML atau skrip",
    ),
    "a real PDF with HTML after it": (
        "laporan.pdf",
        PDF + b"\n<!DOCTYPE html><html><script>alert(1)</script></html>",
        "memuat kode HTML atau skrip",
    ),
    "a PDF that runs JavaScript": ("laporan.pdf", _pdf_with_javascript(), "kode HTML atau skrip"),
    "a PDF header on garbage": ("laporan.pdf", b"%PDF-1.7\n" + b"x" * 500, "Berkas PDF rusak"),
    "an SVG named .png": (
        "logo.png",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "Isi berkas bukan PDF, PNG, JPG.",
    ),
    "a PNG carrying a script": (
        "foto.png",
        _png_with_text("<script>alert(1)</script>"),
        "Berkas gambar ini memuat kode HTML atau skrip.",
    ),
    "a PNG header on garbage": ("foto.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "gambar rusak"),
    "a PNG of 20 megapixels": (
        "foto.png",
        image_bytes("png", (5000, 4000)),
        "Gambar terlalu besar (5000 × 4000 piksel)",
    ),
}


@pytest.mark.parametrize("case", REFUSED)
def test_content_that_is_not_what_it_claims_is_refused(draft, operator, media, case):
    name, content, message = REFUSED[case]
    with pytest.raises(ValidationError, match=re.escape(message)):
        attachment_add(user=operator, agreement=draft, kind="DRAFT", upload=_upload(name, content))
    assert not Attachment.objects.exists()
    assert stored_files(media) == []


def test_polyglot_is_refused_through_the_page(login, operator, draft, media):
    polyglot = REFUSED["a %PDF- + HTML polyglot named poly.html"][1]
    response = login(operator).post(
        reverse("agreements:attachment-add", args=[draft.pk]),
        {"kind": "DRAFT", "file": _upload("poly.html", polyglot, "text/html")},
        follow=True,
    )
    assert "memuat kode HTML atau skrip" in response.content.decode()
    assert stored_files(media) == []


def test_image_is_stored_as_its_re_encoded_pixels(draft, operator):
    trailing = b"PK\x03\x04 a zip hidden after the image"
    image = Image.new("RGB", (64, 48), (10, 200, 10))
    exif = Image.Exif()
    exif[0x010E] = "rahasia"  # ImageDescription
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    attachment = attachment_add(
        user=operator,
        agreement=draft,
        kind="OTHER",
        upload=_upload("foto.jpg", buffer.getvalue() + trailing, "image/jpeg"),
    )
    stored = attachment.file.read()
    assert trailing not in stored
    assert b"rahasia" not in stored
    with Image.open(io.BytesIO(stored)) as reopened:
        assert (reopened.format, reopened.size) == ("JPEG", (64, 48))
    assert attachment.size == len(stored)
    assert UUID_NAME.match(attachment.file.name.rsplit("/", 1)[-1])


def test_large_jpeg_is_decoded_scaled_down(draft, operator):
    big = image_bytes("jpg", (6000, 4000), quality=30)  # 24 megapixels
    attachment = attachment_add(
        user=operator, agreement=draft, kind="OTHER", upload=_upload("scan.jpg", big, "image/jpeg")
    )
    with Image.open(attachment.file) as stored:
        assert stored.size == (3000, 2000)


# --- names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "clean"),
    [
        ("poly.html", "pdf", "poly.pdf"),
        ("laporan\u202egpj.exe", "pdf", "laporangpj.pdf"),  # right-to-left override
        ("a\u2066b\u200fc\u061c.pdf", "pdf", "abc.pdf"),
        ("surat\r\nSet-Cookie: x.pdf", "pdf", "suratSet-Cookie_ x.pdf"),
        ("../../etc/passwd", "png", "passwd.png"),
        ("C:\\Users\\x\\foto.JPG", "jpg", "foto.jpg"),
        (".htaccess", "pdf", "htaccess.pdf"),
        ("", "pdf", "berkas.pdf"),
        ("data.xyz", None, "data.bin"),
    ],
)
def test_clean_name(name, kind, clean):
    assert clean_name(name, kind) == clean


def test_content_disposition_is_an_attachment_with_rfc_5987_name():
    header = content_disposition("Berita Acara – Ponorogo.pdf")
    assert header == (
        'attachment; filename="Berita Acara  Ponorogo.pdf"; '
        "filename*=UTF-8''Berita%20Acara%20%E2%80%93%20Ponorogo.pdf"
    )


def test_right_to_left_name_downloads_as_a_pdf(login, operator, draft):
    attachment = attachment_add(
        user=operator,
        agreement=draft,
        kind="DRAFT",
        upload=_upload("laporan\u202efdp.exe", PDF, "application/x-msdownload"),
    )
    assert attachment.original_name == "laporanfdp.pdf"
    response = login(operator).get(
        reverse("agreements:attachment-download", args=[draft.pk, attachment.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"laporanfdp.pdf\"; filename*=UTF-8''laporanfdp.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"


def test_file_stored_before_the_checks_downloads_by_its_content(login, operator, draft):
    """A polyglot kept under its client's name before uploads were checked: served as what
    it is (a PDF, by its first bytes), never as poly.html with text/html."""
    polyglot = REFUSED["a %PDF- + HTML polyglot named poly.html"][1]
    attachment = Attachment(
        agreement=draft, kind="DRAFT", original_name="poly.html", size=len(polyglot), sha256=""
    )
    attachment.file.save("poly.html", ContentFile(polyglot), save=True)
    response = login(operator).get(
        reverse("agreements:attachment-download", args=[draft.pk, attachment.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="poly.pdf"')
    assert "html" not in response["Content-Disposition"]


def test_partner_statement_and_logo_never_keep_the_client_name(login, operator):
    response = login(operator).post(
        reverse("partners:create"),
        {
            "name": "Institut Agama Islam Sunan Giri",
            "category": Partner.Category.UNIVERSITY,
            "leader_title": "Rektor",
            "independence_statement": _upload("../pernyataan<script>.html", PDF, "text/html"),
            "logo": _upload("logo\u202egnp.exe", PNG, "image/png"),
        },
    )
    assert response.status_code == 302
    partner = Partner.objects.get()
    statement = partner.independence_statement.name
    logo = partner.logo.name
    assert statement.startswith("partners/statements/") and UUID_NAME.match(statement[20:])
    assert logo.startswith("partners/logos/") and UUID_NAME.match(logo[15:])
    assert logo.endswith(".png")


def test_office_logo_is_re_encoded_under_a_server_name(ponorogo):
    form = OfficeForm(
        data={"city": "Ponorogo"},
        files={"logo": _upload("logo kantor (1).jpeg", JPEG + b"trailing bytes", "image/jpeg")},
        instance=ponorogo,
    )
    assert form.is_valid(), form.errors
    office = form.save()
    name = office.logo.name
    assert name.startswith("offices/logos/") and UUID_NAME.match(name[14:])
    assert b"trailing bytes" not in office.logo.read()


# --- size at the request boundary ---------------------------------------------------------


def test_50_mb_upload_is_refused_while_it_streams_in(login, operator, draft, media, monkeypatch):
    received = []
    for handler in (MemoryFileUploadHandler, TemporaryFileUploadHandler):
        original = handler.receive_data_chunk

        def spy(self, raw_data, start, original=original):
            received.append(len(raw_data))
            return original(self, raw_data, start)

        monkeypatch.setattr(handler, "receive_data_chunk", spy)
    checked = []
    monkeypatch.setattr(file_content, "checked_content", lambda *a: checked.append(a))
    seen = []
    original_add = attachments.attachment_add

    def add(**kwargs):
        seen.append(kwargs["upload"])
        return original_add(**kwargs)

    monkeypatch.setattr(attachments, "attachment_add", add)

    response = login(operator).post(
        reverse("agreements:attachment-add", args=[draft.pk]),
        {"kind": "DRAFT", "file": _upload("besar.pdf", PDF + b"0" * (50 * MB))},
        follow=True,
    )
    assert "Berkas terlalu besar (50.0 MB); batasnya 20 MB." in response.content.decode()
    assert received == []  # not one byte reached a handler that keeps uploads
    assert checked == []  # nor was it read for its content
    assert stored_files(media) == []
    assert isinstance(seen[0], OversizedUpload)  # the view saw the size, no content


def test_a_file_growing_past_the_cap_keeps_nothing_beyond_it(rf, settings):
    """Declared short (one field among others) but longer than the cap: the handlers that
    keep uploads get at most the cap."""
    from core.uploads import MAX_UPLOAD_BYTES, CappedUploadHandler

    request = rf.post("/")
    handler = CappedUploadHandler(request)
    handler.handle_raw_input(None, {}, MAX_UPLOAD_BYTES, b"x")
    handler.new_file("file", "a.pdf", "application/pdf", None)
    passed = 0
    for _ in range(21):
        chunk = handler.receive_data_chunk(b"0" * MB, 0)
        passed += len(chunk or b"")
    assert passed == MAX_UPLOAD_BYTES
    refused = handler.file_complete(21 * MB)
    assert isinstance(refused, OversizedUpload)
    assert refused.size == 21 * MB
    assert refused.read() == b""


def test_the_import_page_caps_uploads_at_10_mb(login, operator, media, monkeypatch):
    """A view may lower the cap (upload_limit): past 10 MB the import keeps nothing more."""
    received = []
    original = TemporaryFileUploadHandler.receive_data_chunk

    def spy(self, raw_data, start):
        received.append(len(raw_data))
        return original(self, raw_data, start)

    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", spy)
    response = login(operator).post(
        reverse("partners:import"),
        {"file": _upload("mitra.xlsx", b"PK\x03\x04" + b"0" * (11 * MB), "application/zip")},
    )
    assert "Berkas terlalu besar (11.0 MB); batasnya 10 MB." in response.content.decode()
    assert sum(received) <= 10 * MB
    assert stored_files(media) == []
