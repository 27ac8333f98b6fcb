"""Redis (broker and cache) stopped while an operator signs: the signing commits, because the
database is the source of truth; the final PDF is a PENDING row that the beat sweep hands to
the worker once Redis is back."""

import datetime
import logging

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, AgreementDocument
from agreements.tasks import sweep_agreement_documents
from core.models import ActivityLog
from tests.faults.documents import document_text, rendered
from tests.files import PDF
from tests.workflows import SEPT_11

pytestmark = pytest.mark.celery
Status = AgreementDocument.Status


def _sign(client, agreement):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("agreements:sign", args=[agreement.pk]),
        {
            "signed_on": SEPT_11.isoformat(),
            "signed_place": "Ponorogo",
            "partner_number": "012/UMPO/IX/2025",
            "scan": SimpleUploadedFile("naskah.pdf", PDF, content_type="application/pdf"),
        },
    )


def test_signing_commits_while_redis_is_down_and_renders_after_it_returns(
    start_celery, on_fault_redis, cleared_pks, operator, commissioner, login, caplog
):
    caplog.set_level(logging.WARNING)
    worker = start_celery("worker", "outage")
    on_fault_redis.stop()

    response = _sign(login(operator), cleared_pks)

    # The signing is committed and the user is sent to the agreement, not to an error page.
    assert response.status_code == 302, response.content[:2000]
    assert response["Location"] == cleared_pks.get_absolute_url()
    signed = Agreement.objects.get(pk=cleared_pks.pk)
    assert signed.state == Agreement.State.SIGNED and signed.kpu_number
    assert ActivityLog.objects.filter(object_id=signed.pk, action="agreement.signed").exists()
    final = signed.documents.get(is_final=True)
    assert (final.status, final.attempts) == (Status.PENDING, 0)
    assert "Could not queue agreement document" in caplog.text
    # The dashboards compute their figures without the cache meanwhile.
    dashboard = login(commissioner).get(reverse("dashboards:dashboard"))
    assert dashboard.status_code == 200 and "Figures computed without the cache" in caplog.text

    on_fault_redis.start()  # back, and empty: whatever was queued before is gone
    # Beat's sweep re-queues rows PENDING for over two minutes; the row is dated back
    # instead of the test waiting, and the sweep is sent as beat sends it.
    AgreementDocument.objects.filter(pk=final.pk).update(
        updated_at=timezone.now() - datetime.timedelta(minutes=3)
    )
    sweep_agreement_documents.delay()
    final = rendered(final.pk, worker)
    assert final.attempts == 1 and final.sha256
    text = document_text(final)
    assert signed.kpu_number in text and "012/UMPO/IX/2025" in text
    assert "Connection to broker lost" in worker.log()  # it did live through the outage
