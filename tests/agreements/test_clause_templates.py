"""Clause templates: the current template of a kind made from the defaults, new versions
made by national admins (existing agreements keep their Pasal), and the template pages."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agreements import clauses
from agreements.clause_defaults import DEFAULT_CLAUSES
from agreements.models import Agreement, ClauseTemplate, Kind
from tests.agreements.clause_drafts import from_template, headings, with_partner

pytestmark = pytest.mark.django_db

NK_HEADINGS = [
    "Maksud dan Tujuan",
    "Ruang Lingkup",
    "Pelaksanaan",
    "Pembiayaan",
    "Jangka Waktu",
    "Evaluasi dan Pelaporan",
    "Keadaan Kahar",
    "Penyelesaian Perselisihan",
    "Perubahan",
    "Pengakhiran",
    "Penutup",
]


@pytest.fixture
def draft(ponorogo, operator, umpo) -> Agreement:
    return with_partner(ponorogo, operator, umpo)


def test_current_template_creates_version_1_from_defaults(offices):
    assert not ClauseTemplate.objects.filter(kind=Kind.NK).exists()
    template = clauses.current_template(Kind.NK)
    assert (template.version, template.is_current) == (1, True)
    headings = list(template.items.order_by("position").values_list("heading", flat=True))
    assert headings == NK_HEADINGS
    assert clauses.current_template(Kind.NK).pk == template.pk
    assert ClauseTemplate.objects.filter(kind=Kind.NK).count() == 1


def test_current_template_race_reads_the_winner(offices, monkeypatch):
    winner = clauses.current_template(Kind.PKS)
    # This request looked before the other one committed: it saw no template and inserts.
    monkeypatch.setattr(clauses, "_current", lambda kind: None)
    assert clauses.current_template(Kind.PKS) == winner
    assert ClauseTemplate.objects.filter(kind=Kind.PKS).count() == 1


def test_default_templates_cover_every_kind():
    pks = [item["heading"] for item in DEFAULT_CLAUSES[Kind.PKS]]
    assert (
        pks[0] == "Dasar Pelaksanaan" and "{nk_reference}" in DEFAULT_CLAUSES[Kind.PKS][0]["body"]
    )
    assert {"Hak dan Kewajiban", "Sanksi", "Lampiran"} <= set(pks)
    assert [i["heading"] for i in DEFAULT_CLAUSES[Kind.ADDENDUM]] == [
        "Perubahan",
        "Jangka Waktu",
        "Ketentuan Lain",
        "Penutup",
    ]
    for items in DEFAULT_CLAUSES.values():
        assert len({item["key"] for item in items}) == len(items)


# --- Template versions ----------------------------------------------------------------


def _items(template: ClauseTemplate) -> list[dict]:
    return [
        {"heading": i.heading, "key": i.key, "body": i.body, "required": i.required}
        for i in template.items.order_by("position")
    ]


def test_new_template_version_spares_existing_agreements(ri_admin, ponorogo, operator, draft):
    before = list(draft.clauses.order_by("position").values_list("heading", "body"))
    items = [{"heading": "Pasal Baru", "key": "", "body": "Isi baru.", "required": True}]
    items += _items(draft.template)
    new = clauses.template_new_version(
        user=ri_admin, kind=Kind.NK, items=items, note="Tambah pasal"
    )
    assert (new.version, new.is_current) == (2, True)
    assert not ClauseTemplate.objects.get(pk=draft.template_id).is_current
    assert list(draft.clauses.order_by("position").values_list("heading", "body")) == before
    assert clauses.current_template(Kind.NK) == new
    fresh = from_template(ponorogo, operator)
    assert headings(fresh)[0] == "Pasal Baru" and fresh.template == new
    assert new.items.get(position=1).key == "pasal-baru"


def test_new_template_version_refused_for_others(jatim_admin, ri_admin):
    with pytest.raises(PermissionDenied):
        clauses.template_new_version(user=jatim_admin, kind=Kind.NK, items=[], note="")
    with pytest.raises(ValidationError):
        clauses.template_new_version(
            user=ri_admin, kind=Kind.NK, items=[{"heading": " ", "body": "x"}], note=""
        )
    assert not ClauseTemplate.objects.filter(version__gt=1).exists()


def test_template_pages_for_national_admin(login, ri_admin):
    client = login(ri_admin)
    listing = client.get(reverse("agreements:clause-templates"))
    assert "Nota Kesepahaman" in listing.content.decode()
    assert ClauseTemplate.objects.filter(is_current=True).count() == 4
    page = client.get(reverse("agreements:clause-template-edit", args=["NK"]))
    formset = page.context["formset"]
    assert formset.total_form_count() == 11 + 3
    data = {
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "2",
        "items-0-position": "2",
        "items-0-heading": "Maksud dan Tujuan",
        "items-0-key": "maksud-tujuan",
        "items-0-body": "Isi.",
        "items-0-required": "on",
        "items-1-position": "1",
        "items-1-heading": "Pembukaan",
        "items-1-body": "Pembukaan {pihak_pertama}.",
        "items-2-heading": "",
        "note": "Diringkas",
        "lock_version": "1",
    }
    response = client.post(reverse("agreements:clause-template-edit", args=["NK"]), data)
    assert response.status_code == 302
    current = clauses.current_template(Kind.NK)
    assert current.version == 2 and current.note == "Diringkas"
    assert [i["heading"] for i in _items(current)] == ["Pembukaan", "Maksud dan Tujuan"]


def test_template_edit_errors_keep_input(login, ri_admin):
    data = {
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "1",
        "items-0-heading": "Maksud dan Tujuan",
        "items-0-body": "",
        "items-1-heading": "",
        "items-1-body": "Teks tanpa judul",
        "note": "Coba",
    }
    response = login(ri_admin).post(reverse("agreements:clause-template-edit", args=["PKS"]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Isi pasal wajib diisi." in html and "Judul pasal wajib diisi." in html
    assert "Teks tanpa judul" in html
    assert clauses.current_template(Kind.PKS).version == 1


def test_template_pages_non_admin_403(login, jatim_admin, operator):
    for user in (jatim_admin, operator):
        client = login(user)
        assert client.get(reverse("agreements:clause-templates")).status_code == 403
        edit = reverse("agreements:clause-template-edit", args=["NK"])
        assert client.post(edit, {"note": "x"}).status_code == 403
