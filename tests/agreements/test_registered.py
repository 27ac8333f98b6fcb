"""Agreements registered as signed outside the app keep their own text: the final copy is the
uploaded scan; a retyped copy only on request, marked; monev from registration."""

import datetime
import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from agreements import documents, registration
from agreements.models import AgreementDocument
from evaluations.models import Evaluation
from evaluations.selectors import last_ended_semester, office_today
from evaluations.services import evaluations_open_due
from tests.files import PDF, pdf_upload
from tests.workflows import draft_fields

pytestmark = pytest.mark.django_db
SIGNED = datetime.date(2022, 2, 1)


@pytest.fixture
def registered(operator, ponorogo, umpo):
    return registration.agreement_register(
        user=operator,
        office=ponorogo,
        kind="PKS",
        kpu_number="3/HK.05.1-PKS/3502/2022",
        partner_number="045/DUKCAPIL/2022",
        signed_on=SIGNED,
        signed_place="Ponorogo",
        scan=pdf_upload("pks-2022.pdf"),
        **draft_fields(umpo, start_date=SIGNED, end_date=datetime.date(2027, 1, 31)),
    )


def test_final_copy_is_the_scan_byte_for_byte(registered):
    final = registered.documents.get()
    assert (final.is_final, final.status) == (True, AgreementDocument.Status.READY)
    with final.file.open("rb") as handle:
        content = handle.read()
    assert content == PDF
    assert final.sha256 == hashlib.sha256(PDF).hexdigest()
    attachment = registered.attachments.get(kind="SIGNED_SCAN")
    assert final.sha256 == attachment.sha256
    assert documents.document_render(document_id=final.pk) is None  # nothing to render


def test_no_rendering_unless_a_retyped_copy_is_asked_for(registered, operator):
    with pytest.raises(ValidationError, match="salinan ketik ulang"):
        documents.document_request(agreement=registered, user=operator)
    copy = documents.document_request(agreement=registered, user=operator, retyped=True)
    copy = documents.document_render(document_id=copy.pk)
    assert not copy.is_final and copy.status == AgreementDocument.Status.READY
    with copy.file.open("rb") as handle:
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages]
    assert all("SALINAN KETIK ULANG" in page for page in pages)
    assert "Bukan naskah asli" in " ".join(pages[0].split())


def test_panel_offers_only_the_retyped_copy(registered, operator, login):
    page = login(operator).get(registered.get_absolute_url()).content.decode()
    assert 'name="retyped" value="1"' in page and "Final (pindaian)" in page


def test_monev_of_a_registered_agreement_starts_at_registration(registered):
    evaluations_open_due()
    today = office_today(registered.office)
    opened = list(Evaluation.objects.filter(agreement=registered).values_list("year", "semester"))
    previous = last_ended_semester(today)
    assert opened == [(previous.year, previous.semester)]


def test_backlog_is_a_setting(registered, settings):
    settings.MONEV_REGISTERED_BACKLOG_PERIODS = 3
    evaluations_open_due()
    assert Evaluation.objects.filter(agreement=registered).count() == 3
