"""Attachments: checked by content, size-capped, private, hashed, served only in scope."""

import datetime
import hashlib

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.functional import empty

from agreements.attachments import attachment_add, attachment_remove
from agreements.models import Agreement, Attachment
from core.models import ActivityLog
from core.uploads import private_storage
from tests.files import PDF, PNG


@pytest.fixture
def media(settings, tmp_path):
    """Files go to tmp_path. The private storage reads MEDIA_ROOT once, when first used, so
    it is reset here; otherwise the files would land in the real MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path
    private_storage._wrapped = empty
    yield tmp_path
    private_storage._wrapped = empty


@pytest.fixture
def draft(ponorogo, operator) -> Agreement:
    return Agreement.objects.create(
        office=ponorogo,
        kind="PKS",
        title="Pendidikan pemilih pemula",
        divisi="PARTICIPATION",
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2026, 12, 31),
        created_by=operator,
    )


@pytest.fixture
def signed(ponorogo) -> Agreement:
    return Agreement.objects.create(
        office=ponorogo,
        kind="PKS",
        title="Sosialisasi pemilu",
        divisi="PARTICIPATION",
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2026, 12, 31),
        state=Agreement.State.SIGNED,
        kpu_number="1/HK.05.1-PKS/3502/2025",
        signed_on=datetime.date(2025, 1, 1),
    )


def pdf(name: str = "berita-acara.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()]


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def add_url(agreement) -> str:
    return reverse("agreements:attachment-add", args=[agreement.pk])


def download_url(attachment) -> str:
    return reverse("agreements:attachment-download", args=[attachment.agreement_id, attachment.pk])


def remove_url(attachment) -> str:
    return reverse("agreements:attachment-remove", args=[attachment.agreement_id, attachment.pk])


def test_attachment_add_pdf_records_hash_and_downloads_same_bytes(
    media, draft, operator, reviewer, login, client
):
    response = login(operator).post(add_url(draft), {"kind": "MINUTES", "file": pdf()})

    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()
    attachment = Attachment.objects.get(agreement=draft)
    assert attachment.kind == Attachment.Kind.MINUTES
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachment.size == len(PDF)
    assert attachment.original_name == "berita-acara.pdf"
    assert attachment.uploaded_by == operator
    assert attachment.file.name.endswith(".pdf")
    assert "berita-acara" not in attachment.file.name  # stored under a random name
    assert [p.read_bytes() for p in stored_files(media)] == [PDF]
    assert str(media / "private") in str(stored_files(media)[0])
    log = ActivityLog.objects.get(action="attachment.added")
    assert log.object_id == str(draft.pk) and log.changes["sha256"] == attachment.sha256

    client.logout()
    download = login(reviewer).get(download_url(attachment))  # Jawa Timur sees Ponorogo
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment")
    assert 'filename="berita-acara.pdf"' in download["Content-Disposition"]


def test_attachment_add_png_accepted(media, draft, operator):
    upload = SimpleUploadedFile("foto.png", PNG, content_type="image/png")

    attachment = attachment_add(user=operator, agreement=draft, kind="OTHER", upload=upload)

    assert attachment.file.name.endswith(".png")
    assert attachment.sha256 == hashlib.sha256(PNG).hexdigest()


def test_attachment_add_fake_pdf_refused_with_message(media, draft, operator, login):
    fake = pdf("naskah.pdf", b"MZ\x90\x00 this is an executable, not a PDF")

    response = login(operator).post(add_url(draft), {"kind": "DRAFT", "file": fake})

    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()
    assert any("Isi berkas bukan PDF, PNG, JPG." in text for text in messages_of(response))
    assert not Attachment.objects.exists()
    assert stored_files(media) == []
    assert not ActivityLog.objects.filter(action="attachment.added").exists()


def test_attachment_add_over_limit_refused(media, draft, operator, login, monkeypatch):
    monkeypatch.setattr("core.uploads.MAX_UPLOAD_BYTES", 1024 * 1024)
    big = pdf("besar.pdf", PDF + b"0" * (1024 * 1024))

    response = login(operator).post(add_url(draft), {"kind": "DRAFT", "file": big})

    assert any("terlalu besar" in text for text in messages_of(response))
    assert not Attachment.objects.exists()
    assert stored_files(media) == []


def test_attachment_add_over_20_mb_refused_by_service(media, draft, operator):
    big = pdf("besar.pdf", PDF + b"0" * (20 * 1024 * 1024))

    with pytest.raises(ValidationError, match="batasnya 20 MB"):
        attachment_add(user=operator, agreement=draft, kind="DRAFT", upload=big)

    assert stored_files(media) == []


def test_attachment_add_without_file_refused(media, draft, operator, login):
    response = login(operator).post(add_url(draft), {"kind": "DRAFT"})

    assert any("Lampiran tidak disimpan" in text for text in messages_of(response))
    assert not Attachment.objects.exists()


def test_attachment_add_to_signed_agreement_refused(media, signed, operator):
    with pytest.raises(ValidationError, match="masih berupa draf"):
        attachment_add(user=operator, agreement=signed, kind="MINUTES", upload=pdf())
    assert stored_files(media) == []


def test_attachment_signed_scan_only_internal(media, draft, signed, operator):
    with pytest.raises(ValidationError, match="Pindaian"):
        attachment_add(user=operator, agreement=draft, kind="SIGNED_SCAN", upload=pdf())

    scan = attachment_add(
        user=operator, agreement=signed, kind="SIGNED_SCAN", upload=pdf("scan.pdf"), internal=True
    )

    assert scan.kind == Attachment.Kind.SIGNED_SCAN
    assert scan.agreement == signed


def test_attachment_signed_scan_not_offered_in_form(media, draft, operator, login):
    response = login(operator).post(add_url(draft), {"kind": "SIGNED_SCAN", "file": pdf()})

    assert any("Jenis lampiran" in text for text in messages_of(response))
    assert not Attachment.objects.exists()


def test_attachment_service_requires_writer(media, draft, commissioner):
    with pytest.raises(PermissionDenied):
        attachment_add(user=commissioner, agreement=draft, kind="DRAFT", upload=pdf())
    assert stored_files(media) == []


def test_attachment_add_commissioner_forbidden(media, draft, commissioner, reviewer, login):
    assert (
        login(commissioner).post(add_url(draft), {"kind": "DRAFT", "file": pdf()}).status_code
        == 403
    )
    assert login(reviewer).post(add_url(draft), {"kind": "DRAFT", "file": pdf()}).status_code == 403
    assert not Attachment.objects.exists()


def test_attachment_outsider_gets_404_everywhere(media, draft, operator, outsider, login):
    attachment = attachment_add(user=operator, agreement=draft, kind="DRAFT", upload=pdf())
    client = login(outsider)

    assert client.post(add_url(draft), {"kind": "DRAFT", "file": pdf()}).status_code == 404
    assert client.get(download_url(attachment)).status_code == 404
    assert client.post(remove_url(attachment)).status_code == 404
    assert Attachment.objects.count() == 1


def test_attachment_download_of_other_agreement_404(media, draft, signed, operator, login):
    attachment = attachment_add(user=operator, agreement=draft, kind="DRAFT", upload=pdf())
    wrong = reverse("agreements:attachment-download", args=[signed.pk, attachment.pk])

    assert login(operator).get(wrong).status_code == 404


def test_attachment_anonymous_redirected_to_login(media, draft, operator, client):
    attachment = attachment_add(user=operator, agreement=draft, kind="DRAFT", upload=pdf())

    for response in (
        client.post(add_url(draft), {"kind": "DRAFT", "file": pdf()}),
        client.get(download_url(attachment)),
        client.post(remove_url(attachment)),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert Attachment.objects.count() == 1


def test_attachment_wrong_method_405(media, draft, operator, login):
    attachment = attachment_add(user=operator, agreement=draft, kind="DRAFT", upload=pdf())
    client = login(operator)

    assert client.get(add_url(draft)).status_code == 405
    assert client.get(remove_url(attachment)).status_code == 405
    assert client.post(download_url(attachment)).status_code == 405


def test_attachment_remove_deletes_row_and_file(
    media, draft, operator, login, django_capture_on_commit_callbacks
):
    attachment = attachment_add(user=operator, agreement=draft, kind="DRAFT", upload=pdf())
    assert len(stored_files(media)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = login(operator).post(remove_url(attachment))

    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert stored_files(media) == []
    assert ActivityLog.objects.filter(action="attachment.removed").count() == 1


def test_attachment_remove_commissioner_forbidden(media, draft, operator, commissioner, login):
    attachment = attachment_add(user=operator, agreement=draft, kind="DRAFT", upload=pdf())

    assert login(commissioner).post(remove_url(attachment)).status_code == 403
    assert Attachment.objects.count() == 1


def test_attachment_remove_signed_scan_refused(media, signed, operator, login):
    scan = attachment_add(
        user=operator, agreement=signed, kind="SIGNED_SCAN", upload=pdf("scan.pdf"), internal=True
    )

    response = login(operator).post(remove_url(scan))

    assert response.status_code == 302
    assert any("tidak dapat dihapus" in text for text in messages_of(response))
    assert Attachment.objects.filter(pk=scan.pk).exists()
    assert len(stored_files(media)) == 1
    with pytest.raises(ValidationError):
        attachment_remove(user=operator, attachment=scan)
