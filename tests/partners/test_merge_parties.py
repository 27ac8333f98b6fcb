"""Merging two partners that are both parties of one agreement: one party row stays, the
merge is logged on the agreement, and an unmerge puts everything back."""

import datetime

import pytest
from django.urls import reverse

from agreements.models import Agreement, Party
from core.models import ActivityLog
from partners import services
from partners.models import Partner

pytestmark = pytest.mark.django_db


def _partner(office, name: str) -> Partner:
    partner = Partner(name=name, category=Partner.Category.UNIVERSITY, registered_by=office)
    partner.save()
    return partner


def _agreement(office, *partners: Partner, state=Agreement.State.DRAFT) -> Agreement:
    agreement = Agreement.objects.create(
        office=office,
        kind="PKS",
        title="Pendidikan pemilih",
        divisi="PARTICIPATION",
        state=state,
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2026, 1, 1),
    )
    for position, partner in enumerate(partners, start=1):
        Party.objects.create(
            agreement=agreement,
            partner=partner,
            position=position,
            signatory_name=f"Penanda tangan {partner.name}",
        )
    return agreement


def _parties(agreement: Agreement) -> list[tuple[int, str, str]]:
    return [
        (party.position, party.partner.name, party.signatory_name)
        for party in agreement.parties.select_related("partner").order_by("position")
    ]


@pytest.fixture
def both(ponorogo):
    """UMPO (kept), its duplicate and a third partner; one agreement with all three."""
    umpo = _partner(ponorogo, "Universitas Muhammadiyah Ponorogo")
    copy = _partner(ponorogo, "UMPO Ponorogo")
    other = _partner(ponorogo, "Dinas Pendidikan Kabupaten Ponorogo")
    shared = _agreement(ponorogo, copy, other, umpo, state=Agreement.State.SIGNED)
    only_copy = _agreement(ponorogo, copy)
    return umpo, copy, other, shared, only_copy


def test_merge_of_two_parties_of_one_agreement_keeps_one_row(login, ri_admin, both):
    umpo, copy, other, shared, only_copy = both
    lock_before = shared.lock_version
    response = login(ri_admin).post(reverse("partners:merge", args=[umpo.pk]), {"retired": copy.pk})
    assert response.status_code == 302
    copy.refresh_from_db()
    assert copy.merged_into == umpo
    assert _parties(shared) == [
        (1, other.name, f"Penanda tangan {other.name}"),
        (2, umpo.name, f"Penanda tangan {umpo.name}"),
    ]
    assert _parties(only_copy) == [(1, umpo.name, f"Penanda tangan {copy.name}")]
    shared.refresh_from_db()
    assert shared.lock_version == lock_before + 1  # an open edit form is stale now
    assert copy.name not in shared.search_document
    entry = ActivityLog.objects.get(action="party.merged")
    assert entry.subject == shared
    assert entry.actor == ri_admin
    assert "pihak UMPO Ponorogo dihapus" in entry.message
    merged = ActivityLog.objects.get(action="partner.merged")
    assert "1 keterkaitan ganda" in merged.message
    [dropped] = merged.changes["dropped"]["agreements.Party.partner"]
    assert dropped["fields"]["agreement"] == shared.pk
    assert dropped["fields"]["partner"] == copy.pk


def test_unmerge_puts_the_removed_party_back_in_its_place(login, ri_admin, both):
    umpo, copy, other, shared, only_copy = both
    services.partner_merge(actor=ri_admin, survivor=umpo, retired=copy)
    log = ActivityLog.objects.get(action="partner.retired")
    response = login(ri_admin).post(reverse("partners:unmerge", args=[umpo.pk, log.pk]))
    assert response.status_code == 302
    copy.refresh_from_db()
    assert copy.merged_into is None
    assert _parties(shared) == [
        (1, copy.name, f"Penanda tangan {copy.name}"),
        (2, other.name, f"Penanda tangan {other.name}"),
        (3, umpo.name, f"Penanda tangan {umpo.name}"),
    ]
    assert _parties(only_copy) == [(1, copy.name, f"Penanda tangan {copy.name}")]
    assert ActivityLog.objects.filter(action="party.unmerged", object_id=str(shared.pk)).exists()


def test_unmerge_leaves_out_a_row_whose_agreement_is_gone(ri_admin, both):
    umpo, copy, _other, shared, _only_copy = both
    services.partner_merge(actor=ri_admin, survivor=umpo, retired=copy)
    shared.parties.all().delete()
    Agreement.objects.filter(pk=shared.pk).delete()
    log = ActivityLog.objects.get(action="partner.retired")
    services.partner_unmerge(actor=ri_admin, log=log)
    copy.refresh_from_db()
    assert copy.merged_into is None
    assert "1 keterkaitan yang dulu disatukan tidak dapat dipulihkan" in (
        ActivityLog.objects.get(action="partner.unmerged").message
    )
