"""A worker killed in the middle of a render (SIGKILL: no shutdown, no acknowledgement) leaves
its row RENDERING with a claim; a live claim is left alone, a stale one is taken over by the
beat sweep and the next worker completes the row."""

import datetime

import pytest
from django.utils import timezone

from agreements import documents
from agreements.models import AgreementDocument, Clause
from agreements.tasks import sweep_agreement_documents
from tests.faults.documents import document_text, rendered
from tests.helpers import wait_until

pytestmark = pytest.mark.celery
Status = AgreementDocument.Status
# Long enough that the render is still running when the test sees the claim and kills the
# worker (a normal draft renders in about a second).
SLOW_BODY = "Para pihak melaksanakan kegiatan pendidikan pemilih bersama. " * 1500


def test_render_of_a_killed_worker_is_completed_by_the_sweep(start_celery, cleared_pks, operator):
    first_clause = cleared_pks.clauses.order_by("position").first()
    original_body = first_clause.body
    Clause.objects.filter(pk=first_clause.pk).update(body=SLOW_BODY)
    doomed = start_celery("worker", "doomed")
    document = documents.document_request(agreement=cleared_pks, user=operator)

    assert wait_until(
        lambda: AgreementDocument.objects.get(pk=document.pk).status == Status.RENDERING,
        120,
        interval=0.02,
    ), doomed.log()[-3000:]
    doomed.kill()
    document.refresh_from_db()
    assert (document.status, document.attempts, document.file.name) == (
        Status.RENDERING,
        1,
        "",
    )

    # A claim younger than STALE_RENDERING may be a render still running: left alone.
    assert documents.documents_sweep() == 0
    # Ten minutes later (dated back instead of waited for), the sweep takes it over.
    AgreementDocument.objects.filter(pk=document.pk).update(
        started_at=timezone.now() - documents.STALE_RENDERING - datetime.timedelta(minutes=1)
    )
    Clause.objects.filter(pk=first_clause.pk).update(body=original_body)
    survivor = start_celery("worker", "survivor")
    sweep_agreement_documents.delay()
    document = rendered(document.pk, survivor)
    assert document.attempts == 2 and document.error == ""
    text = document_text(document)
    assert "PENDIDIKAN PEMILIH BAGI MAHASISWA" in text
    assert "Para pihak melaksanakan kegiatan pendidikan pemilih bersama" not in text
