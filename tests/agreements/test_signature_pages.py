"""The signature block is never split over two pages, whatever the length of the text before
it (a long legal basis pushes it to a page boundary); read back from the PDF. The stylesheet
is read from the source folder: a stale `collectstatic` copy split the pair (titles on one
page, meterai and names on the next)."""

import io

import pytest
from pypdf import PdfReader

from agreements import document_layout
from agreements.models import Regulation
from core.pdf import html_to_pdf

pytestmark = pytest.mark.django_db


def test_signature_pair_stays_on_one_page(nk_draft, settings, tmp_path):
    settings.STATIC_ROOT = str(tmp_path / "not-collected")  # the stylesheet as in the source
    nk_draft.regulations.set(Regulation.objects.all())
    pdf = html_to_pdf(document_layout.document_html(nk_draft, final=False, keeper=1))
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]
    signing = [text for text in pages if "REKTOR UNIVERSITAS MUHAMMADIYAH PONOROGO," in text]
    assert len(signing) == 1
    assert "METERAI" in signing[0] and "Dr. Happy Susanto" in signing[0]
    assert "Ketua KPU Kabupaten Ponorogo" in signing[0]
