"""Unfilled placeholders: named by the checklist, refused at submission, clearance and signing,
highlighted in the clause editor and the draft preview."""

import pytest
from django.core.exceptions import ValidationError

from agreements import document_layout, services
from agreements.checklist import agreement_checklist
from agreements.models import Agreement, Clause
from agreements.placeholders import agreement_unfilled, mark_placeholders, placeholders_in
from tests.workflows import decide_all, fill_bracketed, sign

pytestmark = pytest.mark.django_db


def test_one_definition_finds_brackets_braces_and_unknown_names():
    text = "Pasal [nomor] diubah; {{ nama }} dan {tidak_dikenal}; ayat (1) dan [1] tetap."
    assert placeholders_in(text) == ["[nomor]", "{{ nama }}", "{tidak_dikenal}"]


def test_checklist_names_each_pasal_and_its_placeholder(make_draft):
    draft = make_draft("PKS", filled=False)
    item = next(i for i in agreement_checklist(draft) if i.key == "placeholders")
    assert not item.ok and str(item.label) == "Tidak ada isian yang belum diisi"
    assert "Pasal 3 (Ruang Lingkup dan Objek Kegiatan): [uraian kegiatan pertama]" in item.detail
    assert "[nama, jabatan, nomor telepon, dan alamat surel]" in item.detail
    assert "Pasal 5 (Pelaksanaan Teknis dan Narahubung)" in item.detail


def test_placeholder_in_considerations_and_legal_basis_is_found(make_draft):
    draft = make_draft("NK", considerations="bahwa [alasan kerja sama];", legal_basis="{{ uu }}")
    found = {item.where: item.placeholders for item in agreement_unfilled(draft)}
    assert found == {"Pertimbangan": ("[alasan kerja sama]",), "Dasar hukum": ("{{ uu }}",)}


def test_submit_refused_naming_the_pasal(make_draft, operator):
    draft = make_draft("PKS", filled=False)
    with pytest.raises(ValidationError) as refused:
        services.agreement_submit(user=operator, agreement=draft)
    message = " ".join(refused.value.messages)
    assert "Pasal 3 (Ruang Lingkup dan Objek Kegiatan)" in message
    assert "[uraian kegiatan pertama]" in message
    draft.refresh_from_db()
    assert draft.state == Agreement.State.DRAFT


def test_sign_refused_naming_the_pasal(make_draft, operator, reviewer):
    draft = make_draft("PKS")
    services.agreement_submit(user=operator, agreement=draft)
    cleared = decide_all(draft, reviewer)
    assert cleared.state == Agreement.State.CLEARED
    # A placeholder that got in after clearance (e.g. a text edited outside the editor).
    clause = cleared.clauses.get(key="pelaksanaan-teknis")
    Clause.objects.filter(pk=clause.pk).update(body=clause.body + "\n(4) Pasal [nomor].")
    with pytest.raises(ValidationError) as refused:
        sign(cleared, operator)
    message = " ".join(refused.value.messages)
    assert "Pasal 5 (Pelaksanaan Teknis dan Narahubung): [nomor]" in message
    cleared.refresh_from_db()
    assert cleared.state == Agreement.State.CLEARED and not cleared.kpu_number


def test_clearance_refused_while_placeholders_remain(make_draft, operator, reviewer):
    draft = make_draft("PKS")
    services.agreement_submit(user=operator, agreement=draft)
    Clause.objects.filter(agreement=draft, key="ruang-lingkup").update(body="a. [kegiatan].")
    with pytest.raises(ValidationError, match=r"\[kegiatan\]"):
        decide_all(draft, reviewer)
    draft.refresh_from_db()
    assert draft.state == Agreement.State.SUBMITTED


def test_editor_and_draft_preview_highlight_placeholders(make_draft, operator, login):
    draft = make_draft("PKS", filled=False)
    page = login(operator).get(draft.get_absolute_url()).content.decode()
    assert '<mark class="placeholder">[uraian kegiatan pertama]</mark>' in page
    html = document_layout.document_html(draft, final=False)
    assert '<mark class="placeholder">[uraian kegiatan pertama]</mark>' in html
    fill_bracketed(draft)
    assert "<mark" not in document_layout.document_html(draft, final=False).split("<body", 1)[1]


def test_marking_escapes_the_text():
    assert str(mark_placeholders("<b>[isi]</b>")) == (
        '&lt;b&gt;<mark class="placeholder">[isi]</mark>&lt;/b&gt;'
    )
