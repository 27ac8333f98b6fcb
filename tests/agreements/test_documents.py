"""The agreement document's layout, read back from the rendered PDF: the official order
of the parts, the references to an NK or a changed agreement, drafts marked, logos."""

import base64
import datetime
import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from agreements import addenda, document_layout, parties
from agreements.models import AgreementDocument, Clause
from offices.forms import OfficeForm
from partners.forms import PartnerForm
from partners.models import Partner
from tests.agreements import document_reading as reading

Status = AgreementDocument.Status
OPENING = (
    "Pada hari ini Kamis, tanggal Sebelas, bulan September, tahun Dua Ribu Dua Puluh Lima "
    "(11-09-2025), bertempat di Ponorogo, kami yang bertanda tangan di bawah ini:"
)
TITLE = "PENDIDIKAN PEMILIH DAN KULIAH KERJA NYATA TEMATIK KEPEMILUAN"
PARTNER_NUMBER = "012/UMPO/IX/2025"


@pytest.fixture
def signed_nk(nk_draft, operator, reviewer, ri_reviewer):
    return reading.signed(nk_draft, operator, reviewer, ri_reviewer)


# --- The layout, read back -------------------------------------------------------------


@pytest.mark.django_db
def test_signed_nk_reads_back_in_the_official_layout(signed_nk):
    document = reading.render_final(signed_nk)
    assert document.status == Status.READY and document.is_final and document.version == 1
    pages = reading.pages(document)
    text = " ".join(pages)
    reading.assert_in_order(
        text,
        [
            "NOTA KESEPAHAMAN ANTARA KOMISI PEMILIHAN UMUM KABUPATEN PONOROGO DENGAN "
            "UNIVERSITAS MUHAMMADIYAH PONOROGO",
            f"NOMOR: {signed_nk.kpu_number}",
            f"NOMOR: {PARTNER_NUMBER}",
            f"TENTANG {TITLE}",
            OPENING,
            "1. Ketua KPU Kabupaten Ponorogo, selaku Ketua Komisi Pemilihan Umum Kabupaten "
            "Ponorogo, dalam hal ini bertindak untuk dan atas nama Komisi Pemilihan Umum "
            "Kabupaten Ponorogo, berkedudukan di Kabupaten Ponorogo, selanjutnya disebut PIHAK "
            "PERTAMA.",
            "2. Dr. Happy Susanto, selaku Rektor Universitas Muhammadiyah Ponorogo",
            "selanjutnya disebut PIHAK KEDUA.",
            "PIHAK PERTAMA dan PIHAK KEDUA, selanjutnya secara bersama-sama disebut PARA PIHAK",
            "a. bahwa KPU bertugas melaksanakan pendidikan pemilih;",
            "1. Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum;",
            *reading.headings(signed_nk),
            # Row by row: roles, titles, then the names on one baseline.
            "PIHAK PERTAMA, PIHAK KEDUA,",
            "KETUA KOMISI PEMILIHAN UMUM KABUPATEN PONOROGO,",
            "REKTOR UNIVERSITAS MUHAMMADIYAH PONOROGO,",
            "Dr. Happy Susanto",
        ],
    )
    assert "METERAI" in pages[-1]
    assert "Halaman 1 dari" in pages[0]
    assert f"Halaman {len(pages)} dari {len(pages)}" in pages[-1]
    assert "DRAF" not in text
    assert document.sha256 == hashlib.sha256(document.file.open("rb").read()).hexdigest()
    document.file.close()


@pytest.mark.django_db
def test_pks_under_a_signed_nk_names_the_nk_numbers_and_date(
    signed_nk, make_draft, operator, reviewer
):
    pks = reading.signed(make_draft("PKS", parent=signed_nk), operator, reviewer)
    text = reading.text(reading.render_final(pks))
    reading.assert_in_order(
        text,
        [
            "PERJANJIAN KERJA SAMA ANTARA SEKRETARIAT KOMISI PEMILIHAN UMUM KABUPATEN PONOROGO "
            "DENGAN",
            f"NOMOR: {pks.kpu_number}",
            f"NOMOR: {PARTNER_NUMBER}",
            f"TENTANG {TITLE}",
            OPENING,
            "PIHAK PERTAMA",
            "a. bahwa PARA PIHAK telah menandatangani Nota Kesepahaman antara Komisi Pemilihan "
            f"Umum Kabupaten Ponorogo dan Universitas Muhammadiyah Ponorogo Nomor "
            f"{signed_nk.kpu_number} dan Nomor {PARTNER_NUMBER} tanggal 11 September 2025",
            *reading.headings(pks),
        ],
    )
    assert pks.kpu_number != signed_nk.kpu_number
    assert "Halaman 1 dari" in text and "DRAF" not in text


@pytest.mark.django_db
def test_addendum_names_the_agreement_it_changes(signed_nk, operator, reviewer, ri_reviewer):
    draft = addenda.addendum_create(
        user=operator,
        parent=signed_nk,
        title="Perpanjangan Jangka Waktu Nota Kesepahaman",
        extends_term=True,
        end_date=datetime.date(2031, 9, 10),
    )
    draft_text = reading.text(reading.preview(draft, operator))
    assert "DRAF" in draft_text
    assert "Pada hari ini ….., tanggal ….., bulan ….., tahun ….." in draft_text

    addendum = reading.signed(draft, operator, reviewer, ri_reviewer)
    text = reading.text(reading.render_final(addendum))
    reading.assert_in_order(
        text,
        [
            "ADENDUM PERTAMA NOTA KESEPAHAMAN ANTARA KOMISI PEMILIHAN UMUM KABUPATEN PONOROGO",
            f"NOMOR: {signed_nk.kpu_number}",
            f"TENTANG {TITLE}",
            f"NOMOR ADENDUM: {addendum.kpu_number}",
            OPENING,
            "PIHAK PERTAMA",
            f"bahwa PARA PIHAK telah menandatangani Nota Kesepahaman antara Komisi Pemilihan Umum "
            f"Kabupaten Ponorogo dan Universitas Muhammadiyah Ponorogo Nomor "
            f"{signed_nk.kpu_number} dan Nomor",
            f"{PARTNER_NUMBER} tanggal 11 September 2025 tentang Pendidikan Pemilih",
            *reading.headings(addendum),
        ],
    )
    assert "Halaman 1 dari" in text and "DRAF" not in text


@pytest.mark.django_db
def test_draft_preview_is_marked_draft_on_every_page(nk_draft, operator):
    document = reading.preview(nk_draft, operator)
    assert document.status == Status.READY and not document.is_final
    pages = reading.pages(document)
    assert len(pages) > 1
    assert all("DRAF" in page for page in pages)
    assert "Pada hari ini ….., tanggal ….." in pages[0]
    assert "NOMOR: …" in pages[0]


@pytest.mark.django_db
def test_clause_markup_prints_as_text(nk_draft, operator):
    Clause.objects.create(
        agreement=nk_draft, position=50, heading="<b>Tebal</b>", body="<script>alert(1)</script>"
    )
    html = document_layout.document_html(nk_draft, final=False)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    text = reading.text(reading.preview(nk_draft, operator))
    assert "<script>alert(1)</script>" in text
    assert "<b>Tebal</b>" in text


@pytest.mark.django_db
def test_missing_data_still_renders_and_the_page_lists_the_checklist(make_draft, operator, login):
    draft = make_draft("NK", kpu_signatory_name="", start_date=None, end_date=None, scope=[])
    document = reading.preview(draft, operator)
    assert document.status == Status.READY
    text = reading.text(document)
    assert "[tanggal mulai belum diisi]" in text
    assert "1. …………………, selaku Ketua Komisi Pemilihan Umum" in text
    page = login(operator).get(draft.get_absolute_url()).content.decode()
    assert 'data-testid="document-missing"' in page
    assert "Jangka waktu dinyatakan" in page.split('data-testid="document-missing"')[1]


@pytest.mark.django_db
def test_many_parties_and_a_long_clause_flow_across_pages(nk_draft, operator, ponorogo):
    for n in range(4):
        partner = Partner(
            name=f"Lembaga Mitra Ke-{n + 3}", category="OTHER", registered_by=ponorogo
        )
        partner.save()
        parties.party_add(
            user=operator,
            agreement=nk_draft,
            partner=partner,
            signatory_name=f"Penanda Tangan {n + 3}",
            signatory_title="Kepala",
        )
    long_body = "\n".join(f"({n}) " + "ketentuan panjang " * 120 for n in range(1, 6))
    Clause.objects.create(agreement=nk_draft, position=5, heading="Sangat Panjang", body=long_body)
    pages = reading.pages(reading.preview(nk_draft, operator))
    assert len(pages) >= 8
    for number, page in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in page
    reading.assert_in_order(" ".join(pages), ["PIHAK KEENAM", "PIHAK PERTAMA,", "PIHAK KEENAM,"])


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "#a4161a").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.django_db
def test_logos_are_checked_by_content_and_embedded_as_data_uris(nk_draft, ponorogo):
    def office_form(content: bytes) -> OfficeForm:
        upload = SimpleUploadedFile("logo.png", content, content_type="image/png")
        return OfficeForm({"city": "Ponorogo"}, {"logo": upload}, instance=ponorogo)

    assert "logo" in office_form(b"<svg onload='alert(1)'></svg>").errors
    assert "logo" in office_form(_png()[:16] + b"0" * (2 * 1024 * 1024)).errors
    partner_upload = SimpleUploadedFile("logo.jpg", b"GIF89a not a logo", content_type="image/jpeg")
    partner_form = PartnerForm({"name": "Mitra", "category": "OTHER"}, {"logo": partner_upload})
    assert "logo" in partner_form.errors
    form = office_form(_png())
    assert form.is_valid(), form.errors
    form.save()

    html = document_layout.document_html(nk_draft, final=False)
    assert f'src="data:image/png;base64,{base64.b64encode(_png()).decode()}"' in html
    assert 'src="data:image/svg+xml;base64,' in html  # the partner has none: the placeholder
    assert "<img" in html and 'src="/' not in html and 'src="http' not in html
