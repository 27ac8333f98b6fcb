"""The regulations library: citations in the official form, hierarchy order, national-admin-only
editing, picking on a draft and the document's legal basis read back from the PDF."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from agreements import document_layout
from agreements.models import Regulation
from agreements.regulations import in_hierarchy_order, legal_basis_lines
from core.pdf import html_to_pdf

pytestmark = pytest.mark.django_db

UU_7_2017 = (
    "Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum (Lembaran Negara Republik "
    "Indonesia Tahun 2017 Nomor 182, Tambahan Lembaran Negara Republik Indonesia Nomor 6109) "
    "sebagaimana telah diubah dengan Undang-Undang Nomor 7 Tahun 2023"
)


def seeded(type_: str, number: str, year: int) -> Regulation:
    return Regulation.objects.get(type=type_, number=number, year=year)


def test_seeded_law_cited_in_the_official_form():
    assert seeded("UU", "7", 2017).citation.startswith(UU_7_2017)
    assert seeded("UU", "27", 2022).citation == (
        "Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi (Lembaran Negara "
        "Republik Indonesia Tahun 2022 Nomor 196, Tambahan Lembaran Negara Republik Indonesia "
        "Nomor 6820)"
    )
    pkpu = seeded("PKPU", "2", 2021).citation
    assert pkpu.startswith("Peraturan Komisi Pemilihan Umum Nomor 2 Tahun 2021 tentang Tata")
    assert "sebagaimana telah diubah dengan Peraturan Komisi Pemilihan Umum Nomor 8" in pkpu


def test_rules_gazette_is_the_berita_negara():
    rule = Regulation(type="PKPU", number="5", year=2024, title="Uji", gazette_number="12")
    assert rule.citation == (
        "Peraturan Komisi Pemilihan Umum Nomor 5 Tahun 2024 tentang Uji "
        "(Berita Negara Republik Indonesia Tahun 2024 Nomor 12)"
    )


def test_hierarchy_order_then_oldest_first():
    extra = [
        Regulation(type="KEPKPU", number="1", year=2015, title="a"),
        Regulation(type="PP", number="12", year=2019, title="b"),
        Regulation(type="PERPRES", number="3", year=2018, title="c"),
    ]
    ordered = in_hierarchy_order(list(Regulation.objects.all()) + extra)
    assert [str(r) for r in ordered] == [
        "Undang-Undang Nomor 7 Tahun 2017",
        "Undang-Undang Nomor 10 Tahun 2020",
        "Undang-Undang Nomor 27 Tahun 2022",
        "Peraturan Pemerintah Nomor 12 Tahun 2019",
        "Peraturan Presiden Nomor 3 Tahun 2018",
        "Peraturan Menteri Dalam Negeri Nomor 22 Tahun 2020",
        "Peraturan Komisi Pemilihan Umum Nomor 2 Tahun 2021",
        "Keputusan Komisi Pemilihan Umum Nomor 1 Tahun 2015",
    ]


def test_only_national_admins_edit_the_library(login, ri_admin, jatim_admin, operator):
    admin = login(ri_admin)
    listed = admin.get(reverse("agreements:regulations"))
    assert "Pelindungan Data Pribadi" in listed.content.decode()
    law = seeded("UU", "10", 2020)
    url = reverse("agreements:regulation-edit", args=[law.pk])
    for other in (jatim_admin, operator):
        client = login(other)
        assert client.get(reverse("agreements:regulations")).status_code == 403
        assert client.post(url, {"title": "Diubah"}).status_code == 403
    admin = login(ri_admin)  # one test client: log the admin in again
    assert admin.get(reverse("agreements:regulation-edit", args=[99999])).status_code == 404
    created = admin.post(
        reverse("agreements:regulation-create"),
        {
            "type": "PP",
            "number": "12",
            "year": 2019,
            "title": "Pengelolaan Barang Milik Negara/Daerah",
            "is_active": "on",
        },
    )
    assert created.status_code == 302
    assert seeded("PP", "12", 2019).citation.startswith("Peraturan Pemerintah Nomor 12 Tahun")
    assert Regulation.objects.get(pk=law.pk).title == "Bea Meterai"


def test_anonymous_sent_to_login(client):
    response = client.get(reverse("agreements:regulations"))
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_draft_picks_regulations_and_document_cites_them_first(
    login, nk_draft, operator, outsider, commissioner
):
    url = reverse("agreements:regulations-pick", args=[nk_draft.pk])
    assert login(outsider).get(url).status_code == 404
    assert login(commissioner).get(url).status_code == 403
    client = login(operator)
    picked = [seeded("PKPU", "2", 2021), seeded("UU", "7", 2017)]
    response = client.post(url, {"regulations": [r.pk for r in picked]})
    assert response.status_code == 302
    lines = legal_basis_lines(nk_draft)
    assert lines[0].startswith(UU_7_2017)
    assert lines[1].startswith("Peraturan Komisi Pemilihan Umum Nomor 2 Tahun 2021")
    assert lines[2] == "Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum;"  # free line
    pdf = PdfReader(io.BytesIO(html_to_pdf(document_layout.document_html(nk_draft, final=False))))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    first = text.find(UU_7_2017)
    assert first >= 0
    assert first < text.find("Peraturan Komisi Pemilihan Umum Nomor 2 Tahun 2021")


def test_signed_agreement_keeps_its_legal_basis(nk_draft, operator):
    from django.core.exceptions import ValidationError

    from agreements.models import Agreement
    from agreements.regulations import agreement_set_regulations

    Agreement.objects.filter(pk=nk_draft.pk).update(state=Agreement.State.SIGNED)
    nk_draft.refresh_from_db()
    with pytest.raises(ValidationError, match="hanya dapat diubah pada draf"):
        agreement_set_regulations(
            agreement=nk_draft, user=operator, regulations=list(Regulation.objects.all())
        )
    assert not nk_draft.regulations.exists()
