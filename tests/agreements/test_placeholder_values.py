"""The values clause placeholders take from the agreement: the parties, the term and the
budget in words, the NK a PKS carries out; unknown or missing ones never raise."""

import datetime
from decimal import Decimal

import pytest

from agreements import placeholders
from agreements.models import Agreement, Kind
from tests.agreements.clause_drafts import from_template, with_partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(ponorogo, operator, umpo) -> Agreement:
    return with_partner(ponorogo, operator, umpo)


def test_placeholders_rendered_from_agreement(draft):
    body = placeholders.render_clause_body(
        "{pihak_pertama} dan {pihak_kedua}: {jangka_waktu}, {tanggal_mulai} s.d. "
        "{tanggal_berakhir}; evaluasi {frekuensi_evaluasi}; {nilai_pembiayaan}; "
        "rangkap {jumlah_rangkap}.",
        draft,
    )
    assert body == (
        "Komisi Pemilihan Umum Kabupaten Ponorogo dan Universitas Muhammadiyah Ponorogo: "
        "5 (lima) tahun, 11 September 2025 s.d. 10 September 2030; evaluasi setiap semester; "
        "tanpa pembiayaan; rangkap 2 (dua)."
    )


def test_term_in_months_days_and_budget_in_words(draft):
    draft.end_date = datetime.date(2026, 3, 10)
    draft.budget_amount = Decimal("1500000")
    values = placeholders.placeholder_values(draft)
    assert values["jangka_waktu"] == "6 (enam) bulan"
    assert values["nilai_pembiayaan"] == "Rp1.500.000,00 (satu juta lima ratus ribu rupiah)"
    draft.end_date = datetime.date(2025, 9, 20)
    assert placeholders.placeholder_values(draft)["jangka_waktu"] == "10 (sepuluh) hari"


def test_unknown_placeholder_left_and_missing_data_never_raises(ponorogo, operator):
    agreement = from_template(ponorogo, operator, kind=Kind.PKS)
    agreement.start_date = agreement.end_date = None
    body = placeholders.render_clause_body(
        "{tidak_dikenal} {tanggal_mulai} {jangka_waktu} {pihak_kedua} {nk_reference}", agreement
    )
    assert body.startswith("{tidak_dikenal} [tanggal mulai belum diisi] ")
    assert "[pihak kedua belum diisi]" in body
    assert "tanpa didahului Nota Kesepahaman" in body


def test_nk_reference_cites_parent_numbers_and_date(ponorogo, operator, umpo, draft):
    Agreement.objects.filter(pk=draft.pk).update(
        state=Agreement.State.SIGNED,
        kpu_number="1/HK.05.1-NK/3502/2025",
        partner_number="012/UMPO/IX/2025",
        signed_on=datetime.date(2025, 9, 11),
    )
    draft.refresh_from_db()
    pks = from_template(ponorogo, operator, kind=Kind.PKS, parent=draft)
    first = pks.clauses.get(position=1)
    assert first.heading == "Dasar Pelaksanaan"
    assert (
        "berdasarkan Nota Kesepahaman antara Komisi Pemilihan Umum Kabupaten Ponorogo dan "
        "Universitas Muhammadiyah Ponorogo Nomor 1/HK.05.1-NK/3502/2025 dan Nomor "
        "012/UMPO/IX/2025 tanggal 11 September 2025."
    ) in placeholders.render_clause_body(first.body, pks)
