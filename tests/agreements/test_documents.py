"""Agreement PDFs: the official layout read back with pypdf, versions, the immutable final
copy, the Celery task on a real worker, the sweep, and who may request or download."""

import base64
import datetime
import hashlib
import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from agreements import documents, services, tasks
from agreements.document_models import AgreementDocument
from agreements.models import Clause
from offices.forms import OfficeForm
from partners.forms import PartnerForm
from partners.models import Partner
from tests.helpers import wait_for_status
from tests.workflows import SEPT_11, decide_all, sign

Status = AgreementDocument.Status
OPENING = (
    "Pada hari ini Kamis, tanggal Sebelas, bulan September, tahun Dua Ribu Dua Puluh Lima "
    "(11-09-2025), bertempat di Ponorogo, kami yang bertanda tangan di bawah ini:"
)
TITLE = "PENDIDIKAN PEMILIH DAN KULIAH KERJA NYATA TEMATIK KEPEMILUAN"
PARTNER_NUMBER = "012/UMPO/IX/2025"


def _pages(document: AgreementDocument) -> list[str]:
    """Each page's text with whitespace collapsed (lines wrap anywhere in justified text)."""
    document.file.open("rb")
    try:
        reader = PdfReader(io.BytesIO(document.file.read()))
    finally:
        document.file.close()
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def _text(document: AgreementDocument) -> str:
    return " ".join(_pages(document))


def _assert_in_order(text: str, parts: list[str]) -> None:
    position = 0
    for part in parts:
        found = text.find(part, position)
        assert found >= 0, f"{part!r} missing after position {position}"
        position = found + len(part)


def _headings(agreement) -> list[str]:
    return [f"Pasal {n} {c.heading}" for n, c in enumerate(agreement.clauses.all(), start=1)]


def _signed(agreement, operator, *reviewers, on=SEPT_11):
    services.agreement_submit(user=operator, agreement=agreement)
    return sign(decide_all(agreement, *reviewers), operator, on=on)


def _render_final(agreement) -> AgreementDocument:
    final = agreement.documents.get(is_final=True)
    return documents.document_render(document_id=final.pk)


def _preview(agreement, user) -> AgreementDocument:
    document = documents.document_request(agreement=agreement, user=user)
    return documents.document_render(document_id=document.pk)


@pytest.fixture
def signed_nk(nk_draft, operator, reviewer, ri_reviewer):
    return _signed(nk_draft, operator, reviewer, ri_reviewer)


# --- The layout, read back -------------------------------------------------------------


@pytest.mark.django_db
def test_signed_nk_reads_back_in_the_official_layout(signed_nk):
    document = _render_final(signed_nk)
    assert document.status == Status.READY and document.is_final and document.version == 1
    pages = _pages(document)
    text = " ".join(pages)
    _assert_in_order(
        text,
        [
            "NOTA KESEPAHAMAN ANTARA KOMISI PEMILIHAN UMUM KABUPATEN PONOROGO DENGAN "
            "UNIVERSITAS MUHAMMADIYAH PONOROGO",
            f"NOMOR: {signed_nk.kpu_number}",
            f"NOMOR: {PARTNER_NUMBER}",
            f"TENTANG {TITLE}",
            OPENING,
            "1. Ketua KPU Kabupaten Ponorogo, selaku Ketua Komisi Pemilihan Umum Kabupaten "
            "Ponorogo, dalam hal ini bertindak untuk dan atas nama Komisi Pemilihan Umum "
            "Kabupaten Ponorogo, berkedudukan di Kabupaten Ponorogo, selanjutnya disebut PIHAK "
            "PERTAMA.",
            "2. Dr. Happy Susanto, selaku Rektor Universitas Muhammadiyah Ponorogo",
            "selanjutnya disebut PIHAK KEDUA.",
            "PIHAK PERTAMA dan PIHAK KEDUA, selanjutnya secara bersama-sama disebut PARA PIHAK",
            "a. bahwa KPU bertugas melaksanakan pendidikan pemilih;",
            "1. Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum;",
            *_headings(signed_nk),
            # Row by row: roles, titles, then the names on one baseline.
            "PIHAK PERTAMA, PIHAK KEDUA,",
            "KETUA KOMISI PEMILIHAN UMUM KABUPATEN PONOROGO,",
            "REKTOR UNIVERSITAS MUHAMMADIYAH PONOROGO,",
            "Dr. Happy Susanto",
        ],
    )
    assert "METERAI" in pages[-1]
    assert "Halaman 1 dari" in pages[0]
    assert f"Halaman {len(pages)} dari {len(pages)}" in pages[-1]
    assert "DRAF" not in text
    assert document.sha256 == hashlib.sha256(document.file.open("rb").read()).hexdigest()
    document.file.close()


@pytest.mark.django_db
def test_pks_under_a_signed_nk_names_the_nk_numbers_and_date(
    signed_nk, make_draft, operator, reviewer
):
    pks = _signed(make_draft("PKS", parent=signed_nk), operator, reviewer)
    text = _text(_render_final(pks))
    _assert_in_order(
        text,
        [
            "PERJANJIAN KERJA SAMA ANTARA SEKRETARIAT KOMISI PEMILIHAN UMUM KABUPATEN PONOROGO "
            "DENGAN",
            f"NOMOR: {pks.kpu_number}",
            f"NOMOR: {PARTNER_NUMBER}",
            f"TENTANG {TITLE}",
            OPENING,
            "PIHAK PERTAMA",
            "a. bahwa PARA PIHAK telah menandatangani Nota Kesepahaman antara Komisi Pemilihan "
            f"Umum Kabupaten Ponorogo dan Universitas Muhammadiyah Ponorogo Nomor "
            f"{signed_nk.kpu_number} dan Nomor {PARTNER_NUMBER} tanggal 11 September 2025",
            *_headings(pks),
        ],
    )
    assert pks.kpu_number != signed_nk.kpu_number
    assert "Halaman 1 dari" in text and "DRAF" not in text


@pytest.mark.django_db
def test_addendum_names_the_agreement_it_changes(signed_nk, operator, reviewer, ri_reviewer):
    draft = services.addendum_create(
        user=operator,
        parent=signed_nk,
        title="Perpanjangan Jangka Waktu Nota Kesepahaman",
        extends_term=True,
        end_date=datetime.date(2031, 9, 10),
    )
    draft_text = _text(_preview(draft, operator))
    assert "DRAF" in draft_text
    assert "Pada hari ini ….., tanggal ….., bulan ….., tahun ….." in draft_text

    addendum = _signed(draft, operator, reviewer, ri_reviewer)
    text = _text(_render_final(addendum))
    _assert_in_order(
        text,
        [
            "ADENDUM PERTAMA NOTA KESEPAHAMAN ANTARA KOMISI PEMILIHAN UMUM KABUPATEN PONOROGO",
            f"NOMOR: {signed_nk.kpu_number}",
            f"TENTANG {TITLE}",
            f"NOMOR ADENDUM: {addendum.kpu_number}",
            OPENING,
            "PIHAK PERTAMA",
            f"bahwa PARA PIHAK telah menandatangani Nota Kesepahaman antara Komisi Pemilihan Umum "
            f"Kabupaten Ponorogo dan Universitas Muhammadiyah Ponorogo Nomor "
            f"{signed_nk.kpu_number} dan Nomor",
            f"{PARTNER_NUMBER} tanggal 11 September 2025 tentang Pendidikan Pemilih",
            *_headings(addendum),
        ],
    )
    assert "Halaman 1 dari" in text and "DRAF" not in text


@pytest.mark.django_db
def test_draft_preview_is_marked_draft_on_every_page(nk_draft, operator):
    document = _preview(nk_draft, operator)
    assert document.status == Status.READY and not document.is_final
    pages = _pages(document)
    assert len(pages) > 1
    assert all("DRAF" in page for page in pages)
    assert "Pada hari ini ….., tanggal ….." in pages[0]
    assert "NOMOR: …" in pages[0]


@pytest.mark.django_db
def test_clause_markup_prints_as_text(nk_draft, operator):
    Clause.objects.create(
        agreement=nk_draft, position=50, heading="<b>Tebal</b>", body="<script>alert(1)</script>"
    )
    html = documents.document_html(nk_draft, final=False)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    text = _text(_preview(nk_draft, operator))
    assert "<script>alert(1)</script>" in text
    assert "<b>Tebal</b>" in text


@pytest.mark.django_db
def test_missing_data_still_renders_and_the_page_lists_the_checklist(make_draft, operator, login):
    draft = make_draft("NK", kpu_signatory_name="", start_date=None, end_date=None, scope=[])
    document = _preview(draft, operator)
    assert document.status == Status.READY
    text = _text(document)
    assert "[tanggal mulai belum diisi]" in text
    assert "1. …………………, selaku Ketua Komisi Pemilihan Umum" in text
    page = login(operator).get(draft.get_absolute_url()).content.decode()
    assert 'data-testid="document-missing"' in page
    assert "Jangka waktu dinyatakan" in page.split('data-testid="document-missing"')[1]


@pytest.mark.django_db
def test_many_parties_and_a_long_clause_flow_across_pages(nk_draft, operator, ponorogo):
    for n in range(4):
        partner = Partner(
            name=f"Lembaga Mitra Ke-{n + 3}", category="OTHER", registered_by=ponorogo
        )
        partner.save()
        services.party_add(
            user=operator,
            agreement=nk_draft,
            partner=partner,
            signatory_name=f"Penanda Tangan {n + 3}",
            signatory_title="Kepala",
        )
    long_body = "\n".join(f"({n}) " + "ketentuan panjang " * 120 for n in range(1, 6))
    Clause.objects.create(agreement=nk_draft, position=5, heading="Sangat Panjang", body=long_body)
    pages = _pages(_preview(nk_draft, operator))
    assert len(pages) >= 8
    for number, page in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in page
    _assert_in_order(" ".join(pages), ["PIHAK KEENAM", "PIHAK PERTAMA,", "PIHAK KEENAM,"])


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "#a4161a").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.django_db
def test_logos_are_checked_by_content_and_embedded_as_data_uris(nk_draft, ponorogo):
    def office_form(content: bytes) -> OfficeForm:
        upload = SimpleUploadedFile("logo.png", content, content_type="image/png")
        return OfficeForm({"city": "Ponorogo"}, {"logo": upload}, instance=ponorogo)

    assert "logo" in office_form(b"<svg onload='alert(1)'></svg>").errors
    assert "logo" in office_form(_png()[:16] + b"0" * (2 * 1024 * 1024)).errors
    partner_upload = SimpleUploadedFile("logo.jpg", b"GIF89a not a logo", content_type="image/jpeg")
    partner_form = PartnerForm({"name": "Mitra", "category": "OTHER"}, {"logo": partner_upload})
    assert "logo" in partner_form.errors
    form = office_form(_png())
    assert form.is_valid(), form.errors
    form.save()

    html = documents.document_html(nk_draft, final=False)
    assert f'src="data:image/png;base64,{base64.b64encode(_png()).decode()}"' in html
    assert 'src="data:image/svg+xml;base64,' in html  # the partner has none: the placeholder
    assert "<img" in html and 'src="/' not in html and 'src="http' not in html


# --- Versions and the final copy --------------------------------------------------------


@pytest.mark.django_db
def test_final_copy_is_immutable_and_later_renders_are_new_versions(signed_nk, operator):
    final = _render_final(signed_nk)
    name, digest = final.file.name, final.sha256
    later = _preview(signed_nk, operator)
    assert (later.version, later.is_final, later.status) == (2, False, Status.READY)
    assert documents.document_render(document_id=final.pk) is None  # not claimable again
    assert documents.document_request(agreement=signed_nk, user=operator, final=True) == final
    final.refresh_from_db()
    assert (final.file.name, final.sha256, final.version) == (name, digest, 1)
    with final.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == digest
    final.error = "ubah"
    with pytest.raises(ValidationError):
        final.save()
    with pytest.raises(ValidationError):
        final.delete()


@pytest.mark.django_db
def test_failed_render_is_recorded_and_a_failed_final_can_be_retried(
    signed_nk, operator, monkeypatch
):
    def broken(html, **kwargs):
        raise RuntimeError("pango meledak")

    monkeypatch.setattr(documents, "html_to_pdf", broken)
    failed = _render_final(signed_nk)
    assert failed.status == Status.FAILED and "pango meledak" in failed.error
    assert not failed.file
    monkeypatch.undo()
    again = documents.document_request(agreement=signed_nk, user=operator, final=True)
    assert (again.pk, again.status, again.version) == (failed.pk, Status.PENDING, 1)
    assert documents.document_render(document_id=again.pk).status == Status.READY


@pytest.mark.django_db
def test_request_queues_after_commit_and_a_broker_outage_keeps_the_row(
    nk_draft, operator, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def outage(**kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(tasks.render_agreement_document, "delay", outage)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        document = documents.document_request(agreement=nk_draft, user=operator)
    assert len(callbacks) == 1
    document.refresh_from_db()
    assert document.status == Status.PENDING
    assert "Could not queue agreement document" in caplog.text


@pytest.mark.django_db
def test_signing_requests_the_final_copy(nk_draft, operator, reviewer, ri_reviewer):
    signed = _signed(nk_draft, operator, reviewer, ri_reviewer)
    final = signed.documents.get()
    assert (final.is_final, final.status, final.requested_by) == (True, Status.PENDING, operator)


# --- The task and the sweep -------------------------------------------------------------


@pytest.mark.celery
def test_render_runs_on_a_real_worker(celery_worker, make_draft, operator):
    draft = make_draft("NK")
    document = documents.document_request(agreement=draft, user=operator)
    ready = wait_for_status(AgreementDocument, document.pk, Status.READY)
    assert ready.attempts == 1 and ready.started_at and ready.finished_at
    assert "DRAF" in _text(ready)


@pytest.mark.django_db
def test_sweep_requeues_stuck_rows_only(nk_draft, operator, monkeypatch):
    queued = []
    monkeypatch.setattr(
        tasks.render_agreement_document, "delay", lambda **kw: queued.append(kw["document_id"])
    )
    rows = [documents.document_request(agreement=nk_draft, user=operator) for _ in range(5)]
    stuck_pending, stuck_rendering, fresh_pending, fresh_rendering, worn_out = rows
    long_ago = timezone.now() - timedelta(hours=1)
    AgreementDocument.objects.filter(pk=stuck_pending.pk).update(updated_at=long_ago)
    AgreementDocument.objects.filter(pk=stuck_rendering.pk).update(
        status=Status.RENDERING, started_at=long_ago, attempts=1
    )
    AgreementDocument.objects.filter(pk=fresh_rendering.pk).update(
        status=Status.RENDERING, started_at=timezone.now(), attempts=1
    )
    AgreementDocument.objects.filter(pk=worn_out.pk).update(
        status=Status.RENDERING, started_at=long_ago, attempts=documents.MAX_ATTEMPTS
    )

    assert documents.documents_sweep() == 2
    assert sorted(queued) == sorted([stuck_pending.pk, stuck_rendering.pk])
    assert documents.documents_sweep() == 1  # the re-queued PENDING row waits its turn again
    worn_out.refresh_from_db()
    assert worn_out.status == Status.FAILED
    assert documents.document_render(document_id=fresh_rendering.pk) is None  # a live worker
    taken_over = documents.document_render(document_id=stuck_rendering.pk)
    assert (taken_over.status, taken_over.attempts) == (Status.READY, 2)
    assert fresh_pending.status == Status.PENDING


# --- Views ------------------------------------------------------------------------------


def _request_url(agreement) -> str:
    return reverse("agreements:document-request", args=[agreement.pk])


def _download_url(document) -> str:
    return reverse("agreements:document-download", args=[document.agreement_id, document.pk])


@pytest.mark.django_db
def test_operator_previews_follows_and_downloads(nk_draft, operator, commissioner, login):
    client = login(operator)
    response = client.post(_request_url(nk_draft), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["Vary"].find("HX-Request") >= 0
    assert 'hx-trigger="every 1s"' in response.content.decode()
    document = nk_draft.documents.get()
    assert document.status == Status.PENDING and document.requested_by == operator

    documents.document_render(document_id=document.pk)
    panel = client.get(reverse("agreements:document-panel", args=[nk_draft.pk])).content.decode()
    assert "hx-trigger" not in panel and _download_url(document) in panel
    for user in (operator, commissioner):
        download = login(user).get(_download_url(document))
        assert download.status_code == 200
        assert download["X-Content-Type-Options"] == "nosniff"
        assert b"".join(download.streaming_content).startswith(b"%PDF-")


@pytest.mark.django_db
def test_plain_post_redirects_to_the_agreement(nk_draft, operator, login):
    response = login(operator).post(_request_url(nk_draft))
    assert response.status_code == 302 and response["Location"] == nk_draft.get_absolute_url()
    assert nk_draft.documents.count() == 1


@pytest.mark.django_db
def test_detail_page_shows_the_panel(nk_draft, operator, commissioner, login):
    page = login(operator).get(nk_draft.get_absolute_url()).content.decode()
    assert 'data-testid="document-panel"' in page and _request_url(nk_draft) in page
    page = login(commissioner).get(nk_draft.get_absolute_url()).content.decode()
    assert 'data-testid="document-panel"' in page and _request_url(nk_draft) not in page


@pytest.mark.django_db
def test_outsider_404_commissioner_403_anonymous_login_get_405(
    nk_draft, operator, outsider, commissioner, login, client
):
    document = _preview(nk_draft, operator)
    panel_url = reverse("agreements:document-panel", args=[nk_draft.pk])
    anonymous = [client.get(_download_url(document)), client.post(_request_url(nk_draft))]
    assert all(r.status_code == 302 and "/masuk/" in r["Location"] for r in anonymous)

    outsider_client = login(outsider)
    assert outsider_client.get(_download_url(document)).status_code == 404
    assert outsider_client.post(_request_url(nk_draft)).status_code == 404
    assert outsider_client.get(panel_url).status_code == 404

    assert login(commissioner).post(_request_url(nk_draft)).status_code == 403
    assert login(operator).get(_request_url(nk_draft)).status_code == 405
    assert nk_draft.documents.count() == 1


@pytest.mark.django_db
def test_download_of_a_pending_document_is_404(nk_draft, operator, login):
    document = documents.document_request(agreement=nk_draft, user=operator)
    assert login(operator).get(_download_url(document)).status_code == 404
