"""One original per party: each names the party that keeps it and carries the meterai under
the signatures of the other parties (the ones who hand it over); read back from the PDF."""

import io
import re

import pytest
from pypdf import PdfReader

from agreements import document_layout
from core.pdf import html_to_pdf

pytestmark = pytest.mark.django_db
METERAI = re.compile(r'<div class="meterai">')


def _meterai_columns(html: str) -> list[bool]:
    """For each signature cell of the space row, whether it holds a meterai box."""
    row = html.split('<tr class="sig-space">', 1)[1].split("</tr>", 1)[0]
    return [bool(METERAI.search(cell)) for cell in row.split("<td")[1:]]


def test_each_original_stamps_the_other_party(nk_draft):
    shared = document_layout.document_html(nk_draft, final=False)
    assert _meterai_columns(shared) == [False, True]
    assert "Naskah asli untuk" not in shared
    first = document_layout.document_html(nk_draft, final=False, keeper=0)
    second = document_layout.document_html(nk_draft, final=False, keeper=1)
    assert _meterai_columns(first) == [False, True]
    assert _meterai_columns(second) == [True, False]
    assert "Naskah asli untuk PIHAK PERTAMA" in first
    assert "Naskah asli untuk PIHAK KEDUA" in second


def test_original_read_back_from_the_pdf(nk_draft):
    pdf = PdfReader(
        io.BytesIO(html_to_pdf(document_layout.document_html(nk_draft, final=False, keeper=1)))
    )
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "Naskah asli untuk PIHAK KEDUA" in text
    assert "METERAI" in text


def test_original_download_for_cleared_and_signed_only(login, nk_draft, operator, outsider):
    from django.urls import reverse

    from agreements.models import Agreement

    url = reverse("agreements:document-original", args=[nk_draft.pk]) + "?pihak=2"
    client = login(operator)
    assert client.get(url).status_code == 404  # a draft: its text can still change
    Agreement.objects.filter(pk=nk_draft.pk).update(state=Agreement.State.CLEARED)
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split()
    )
    assert "Naskah asli untuk PIHAK KEDUA" in text and "DRAF" not in text
    assert client.get(url.replace("pihak=2", "pihak=3")).status_code == 404
    assert login(outsider).get(url).status_code == 404
