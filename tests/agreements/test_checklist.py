import datetime
from decimal import Decimal

import pytest

from agreements.checklist import agreement_checklist, checklist_passes
from agreements.models import Agreement, Clause

pytestmark = pytest.mark.django_db


def _failing(agreement) -> dict[str, str]:
    return {item.key: item.detail for item in agreement_checklist(agreement) if not item.ok}


def test_complete_nk_passes(nk_draft):
    assert checklist_passes(agreement_checklist(nk_draft)), _failing(nk_draft)


def test_missing_required_clause_named(nk_draft):
    clause = nk_draft.clauses.get(key=nk_draft.template.items.filter(required=True).first().key)
    clause.delete()
    assert clause.heading in _failing(nk_draft)["clauses"]


def test_parties_and_signatories_required(make_draft):
    draft = make_draft(
        "NK",
        kpu_signatory_name="",
        partners=[],
    )
    detail = _failing(draft)["parties"]
    assert "penanda tangan KPU" in detail
    assert "mitra" in detail


def test_partner_signatory_required(make_draft, umpo):
    draft = make_draft(
        "NK", partners=[{"partner": umpo, "signatory_name": "", "signatory_title": "Rektor"}]
    )
    assert umpo.name in _failing(draft)["parties"]


def test_term_required(make_draft):
    assert "term" in _failing(make_draft("NK", end_date=None))


def test_nk_must_carry_no_budget(nk_draft):
    Agreement.objects.filter(pk=nk_draft.pk).update(
        budget_source="APBN", budget_amount=Decimal("1500000")
    )
    nk_draft.refresh_from_db()
    assert "pembiayaan" in _failing(nk_draft)["nk_budget"]


def test_pks_within_signed_nk_term(make_draft, nk_draft):
    Agreement.objects.filter(pk=nk_draft.pk).update(state="SIGNED")
    nk_draft.refresh_from_db()
    inside = make_draft("PKS", parent=nk_draft, end_date=datetime.date(2027, 9, 10))
    assert "within_nk" not in _failing(inside)
    outside = make_draft("PKS", parent=nk_draft, end_date=datetime.date(2031, 1, 1))
    assert "setelah NK berakhir" in _failing(outside)["within_nk"]


def test_flagged_partner_needs_justification(make_draft, umpo):
    umpo.is_affiliated = True
    umpo.affiliation_explanation = "Rektor pengurus partai."
    umpo.save()
    draft = make_draft("NK")
    assert umpo.name in _failing(draft)["affiliation"]
    justified = make_draft("NK", affiliation_justification="Kerja sama terbatas pada riset.")
    assert "affiliation" not in _failing(justified)


def test_scope_required(make_draft):
    assert "scope" in _failing(make_draft("NK", scope=[]))


def test_extra_clause_does_not_break_checklist(nk_draft):
    Clause.objects.create(agreement=nk_draft, position=99, heading="Tambahan", body="x")
    assert checklist_passes(agreement_checklist(nk_draft))
