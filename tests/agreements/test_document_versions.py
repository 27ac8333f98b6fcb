"""Agreement document versions: the final copy, failed renders, the queue and the sweep,
and the views that request, follow and download a document."""

import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from agreements import documents, tasks
from agreements.models import AgreementDocument
from tests.agreements import document_reading as reading
from tests.helpers import wait_for_status

Status = AgreementDocument.Status
OPENING = (
    "Pada hari ini Kamis, tanggal Sebelas, bulan September, tahun Dua Ribu Dua Puluh Lima "
    "(11-09-2025), bertempat di Ponorogo, kami yang bertanda tangan di bawah ini:"
)
TITLE = "PENDIDIKAN PEMILIH DAN KULIAH KERJA NYATA TEMATIK KEPEMILUAN"
PARTNER_NUMBER = "012/UMPO/IX/2025"


@pytest.fixture
def signed_nk(nk_draft, operator, reviewer, ri_reviewer):
    return reading.signed(nk_draft, operator, reviewer, ri_reviewer)


# --- Versions and the final copy --------------------------------------------------------


@pytest.mark.django_db
def test_final_copy_is_immutable_and_later_renders_are_new_versions(signed_nk, operator):
    final = reading.render_final(signed_nk)
    name, digest = final.file.name, final.sha256
    later = reading.preview(signed_nk, operator)
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
    failed = reading.render_final(signed_nk)
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
    signed = reading.signed(nk_draft, operator, reviewer, ri_reviewer)
    final = signed.documents.get()
    assert (final.is_final, final.status, final.requested_by) == (True, Status.PENDING, operator)


# --- The task and the sweep -------------------------------------------------------------


@pytest.mark.celery
def test_render_runs_on_a_real_worker(celery_worker, make_draft, operator):
    draft = make_draft("NK")
    document = documents.document_request(agreement=draft, user=operator)
    ready = wait_for_status(AgreementDocument, document.pk, Status.READY)
    assert ready.attempts == 1 and ready.started_at and ready.finished_at
    assert "DRAF" in reading.text(ready)


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
    document = reading.preview(nk_draft, operator)
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
