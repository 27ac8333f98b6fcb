"""Addenda: in force from their signing, numbered ("ADENDUM PERTAMA"), citing the amended
agreement's numbers and date, amending it by text, the extension only when it extends."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from agreements import addenda, documents, services
from agreements.addenda import addendum_amend_clause, ordinal_word
from agreements.placeholders import render_clause_body
from tests.workflows import decide_all, sign

pytestmark = pytest.mark.django_db
JAN_15 = datetime.date(2026, 1, 15)


@pytest.fixture
def signed_nk(nk_draft, operator, reviewer, ri_reviewer):
    services.agreement_submit(user=operator, agreement=nk_draft)
    return sign(decide_all(nk_draft, reviewer, ri_reviewer), operator)


def _pages(agreement) -> list[str]:
    final = agreement.documents.get(is_final=True)
    final = documents.document_render(document_id=final.pk)
    with final.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def test_ordinal_words():
    assert [ordinal_word(n) for n in (1, 2, 3, 11)] == [
        "Pertama",
        "Kedua",
        "Ketiga",
        "Kesebelas",
    ]


def test_extension_addendum_signed_on_15_january_2026(signed_nk, operator, reviewer, ri_reviewer):
    draft = addenda.addendum_create(
        user=operator,
        parent=signed_nk,
        title="Perpanjangan Jangka Waktu",
        extends_term=True,
        end_date=datetime.date(2031, 9, 10),
    )
    assert draft.start_date is None
    services.agreement_submit(user=operator, agreement=draft)
    addendum = sign(decide_all(draft, reviewer, ri_reviewer), operator, on=JAN_15)
    assert addendum.start_date == JAN_15
    pages = _pages(addendum)
    title_page, text = pages[0], " ".join(pages)
    assert "ADENDUM PERTAMA NOTA KESEPAHAMAN ANTARA KOMISI PEMILIHAN UMUM" in title_page
    assert f"NOMOR: {signed_nk.kpu_number}" in title_page
    assert "NOMOR: 012/UMPO/IX/2025 TANGGAL 11 SEPTEMBER 2025" in title_page
    assert f"NOMOR ADENDUM: {addendum.kpu_number}" in title_page
    assert "Adendum ini mulai berlaku sejak tanggal 15 Januari 2026." in text
    assert (
        "Jangka waktu Perjanjian Induk diperpanjang selama 1 (satu) tahun, sehingga "
        "Perjanjian Induk berlaku sampai dengan tanggal 10 September 2031."
    ) in text
    assert "1 Februari 2022" not in text and "bulan terhitung" not in text


def test_no_extension_sentence_when_it_does_not_extend(signed_nk, operator):
    draft = addenda.addendum_create(
        user=operator,
        parent=signed_nk,
        title="Perubahan Ruang Lingkup",
        extends_term=False,
        end_date=signed_nk.end_date,
    )
    term = draft.clauses.get(key="jangka-waktu")
    body = render_clause_body(term.body, draft)
    assert "diperpanjang" not in body
    assert body.strip().startswith("(1) Adendum ini mulai berlaku sejak tanggal ")
    assert "(2)" not in body


def test_amends_a_pasal_of_the_parent_by_text(signed_nk, operator, login):
    draft = addenda.addendum_create(
        user=operator,
        parent=signed_nk,
        title="Perubahan Ruang Lingkup",
        extends_term=False,
        end_date=signed_nk.end_date,
    )
    scope = signed_nk.clauses.get(key="ruang-lingkup")
    number = list(signed_nk.clauses.order_by("position")).index(scope) + 1
    page = login(operator).get(draft.get_absolute_url()).content.decode()
    assert 'data-testid="addendum-amend"' in page
    response = login(operator).post(
        f"/kerja-sama/{draft.pk}/ubah-pasal-induk/",
        {"parent_clause": scope.pk, "body": "Ruang lingkup meliputi pendidikan pemilih."},
    )
    assert response.status_code == 302
    amended = draft.clauses.get(key=f"perubahan-pasal-{number}")
    assert amended.position == 2
    assert amended.body.splitlines() == [
        f"Ketentuan Pasal {number} Nota Kesepahaman diubah sehingga berbunyi sebagai berikut:",
        f"Pasal {number}",
        "Ruang Lingkup",
        "Ruang lingkup meliputi pendidikan pemilih.",
    ]
    other = services.agreement_create(
        user=operator, office=signed_nk.office, kind="NK", title="Lain", divisi="LAW"
    )
    with pytest.raises(ValidationError):
        addendum_amend_clause(
            user=operator, addendum=draft, parent_clause=other.clauses.first(), body="x"
        )
