"""The agreement page costs at most 8 queries (session, user, memberships and scope
included), the same however many clauses, parties, attachments, PDF versions, reviews,
children and timeline entries it shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.formats import date_format

from agreements import services
from agreements.models import Agreement, AgreementDocument, Attachment, Clause, Party
from core.activity import activities_for, log_activity
from partners.models import Partner
from reviews.models import Review
from reviews.services import review_decide
from tests.workflows import decide_all, sign

pytestmark = pytest.mark.django_db
MAX_QUERIES = 8


def _get(client, agreement: Agreement):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(agreement.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries)


def _keep_one_clause(agreement: Agreement) -> None:
    first = agreement.clauses.order_by("position").first()
    agreement.clauses.exclude(pk=first.pk).delete()


def _grow(agreement: Agreement, user) -> None:
    """15 clauses, 3 parties, 5 attachments, 4 reviews, 4 PDF versions, a child and 10
    more timeline entries."""
    Clause.objects.bulk_create(
        Clause(agreement=agreement, position=n, heading=f"Pasal Tambahan {n}", body=body)
        for n, body in [(2, "{nk_reference}")] + [(n, "{jangka_waktu}") for n in range(3, 16)]
    )
    for n in (2, 3):
        partner = Partner(
            name=f"Mitra Tambahan {n}", category="OTHER", registered_by=agreement.office
        )
        partner.save()
        Party.objects.create(
            agreement=agreement,
            partner=partner,
            position=n,
            signatory_name=f"Penanda Tangan {n}",
            signatory_title="Kepala",
        )
    for n in range(5):
        Attachment.objects.create(
            agreement=agreement,
            kind=Attachment.Kind.MINUTES,
            original_name=f"berita-acara-{n}.pdf",
            size=1000 + n,
            sha256="0" * 64,
            file=f"agreements/attachments/berita-acara-{n}.pdf",
        )
    base = Review.objects.filter(object_id=agreement.pk).order_by("round", "step").last()
    for n in range(1, 4):
        Review.objects.create(
            content_type=base.content_type,
            object_id=agreement.pk,
            office=base.office,
            submitted_from=base.submitted_from,
            round=base.round + n,
            step=1,
            decision=Review.Decision.RETURNED,
            notes=f"Catatan putaran tambahan {n}",
            decided_at=timezone.now(),
        )
    last = agreement.documents.order_by("-version").values_list("version", flat=True).first() or 0
    for n in range(1, 5):
        AgreementDocument.objects.create(
            agreement=agreement, version=last + n, status=AgreementDocument.Status.READY
        )
    Agreement.objects.create(
        office=agreement.office, kind="PKS", parent=agreement, title="Turunan untuk hitungan"
    )
    for n in range(10):
        log_activity(subject=agreement, action="test.note", actor=user, message=f"Catatan {n}")


@pytest.fixture
def signed_pks(operator, reviewer, ri_reviewer, make_draft):
    """A signed PKS implementing a signed NK (its clauses cite the NK and its partner)."""
    nk = make_draft("NK")
    services.agreement_submit(user=operator, agreement=nk)
    sign(decide_all(nk, reviewer, ri_reviewer), operator)
    pks = make_draft("PKS", parent=nk, title="Pelaksanaan KKN Tematik Kepemiluan")
    services.agreement_submit(user=operator, agreement=pks)
    return sign(decide_all(pks, reviewer), operator)


@pytest.fixture
def returned_draft(operator, reviewer, make_draft):
    """A draft sent back by the province: editable, with a review and its notes."""
    draft = make_draft("PKS")
    services.agreement_submit(user=operator, agreement=draft)
    review = Review.objects.get(object_id=draft.pk)
    review_decide(review=review, user=reviewer, decision="RETURNED", notes="Lengkapi sanksi.")
    draft.refresh_from_db()
    return draft


def test_signed_detail_at_most_8_queries_whatever_it_holds(login, operator, signed_pks):
    client = login(operator)
    _keep_one_clause(signed_pks)
    content, small = _get(client, signed_pks)
    assert "Pelaksanaan KKN Tematik Kepemiluan" in content
    assert "Pasal 1" in content and "Pasal 2 " not in content
    _grow(signed_pks, operator)
    content, large = _get(client, signed_pks)
    assert small == large <= MAX_QUERIES, (small, large)
    assert 'data-testid="kpu-number"' in content
    assert "Pasal 15 — Pasal Tambahan 15" in content
    assert "Penanda Tangan 3" in content and "berita-acara-4.pdf" in content
    assert "Catatan putaran tambahan 3" in content and "Catatan 9" in content
    assert "Turunan untuk hitungan" in content and 'data-testid="document-5"' in content
    assert 'data-testid="agreement-evaluations"' in content
    # The parent NK, its partner and number are cited in a clause without extra reads.
    nk = signed_pks.parent
    assert (
        f"Nota Kesepahaman antara Komisi Pemilihan Umum Kabupaten Ponorogo dan Universitas "
        f"Muhammadiyah Ponorogo Nomor {nk.kpu_number}"
    ) in content


def test_draft_detail_for_its_operator_at_most_8_queries(login, operator, returned_draft):
    client = login(operator)
    _keep_one_clause(returned_draft)
    content, small = _get(client, returned_draft)
    assert 'data-testid="checklist"' in content and "Lengkapi sanksi." in content
    _grow(returned_draft, operator)
    content, large = _get(client, returned_draft)
    assert small == large <= MAX_QUERIES, (small, large)
    assert 'data-testid="checklist"' in content and "Pasal wajib lengkap" in content
    assert "Tambah pasal" in content and 'name="partner"' in content
    assert "Pasal 15 — Pasal Tambahan 15" in content and "Catatan 9" in content
    assert "Mitra Tambahan 3" in content and "berita-acara-4.pdf" in content


def test_detail_lists_read_in_the_agreement_query_show_real_values(login, operator, returned_draft):
    """Dates, sizes and labels of the rows read as JSON come out as the models show them."""
    Attachment.objects.create(
        agreement=returned_draft,
        kind=Attachment.Kind.DRAFT,
        original_name="draf-awal.pdf",
        size=2048,
        sha256="0" * 64,
        file="agreements/attachments/draf-awal.pdf",
    )
    content, _count = _get(login(operator), returned_draft)
    assert 'draf-awal.pdf</a> <span class="text-body-secondary">(Draf, 2,0\xa0KB)' in content
    review = Review.objects.get(object_id=returned_draft.pk)
    with translation.override("id"):
        decided = date_format(timezone.localtime(review.decided_at), "j F Y H:i")
    assert f"Putaran 1 — {review.office.name}: <strong>Dikembalikan</strong> ({decided}" in content
    entry = activities_for(returned_draft).first()
    with translation.override("id"):
        when = date_format(timezone.localtime(entry.created_at), "j F Y H:i T")
    assert f"{when} · {entry.actor}</div>{entry.message}" in content
