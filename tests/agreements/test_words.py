"""Words: terms in years and months, long dates (never ISO) in timelines and messages, office
names written out; documents stay Indonesian when the app is read in English."""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import translation

from agreements import document_layout, services
from core.idn import term_words
from core.models import ActivityLog
from offices.models import Office
from tests.workflows import decide_all, sign

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _visible(html: str) -> str:
    """The page's text: tags (and their attributes, e.g. date inputs' min/max) removed."""
    body = html.split("<body", 1)[1]
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    return re.sub(r"<[^>]+>", " ", body)


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        (datetime.date(2026, 1, 1), datetime.date(2027, 6, 30), "1 (satu) tahun 6 (enam) bulan"),
        (datetime.date(2025, 9, 11), datetime.date(2030, 9, 10), "5 (lima) tahun"),
        (datetime.date(2025, 9, 11), datetime.date(2027, 9, 10), "2 (dua) tahun"),
        (datetime.date(2026, 1, 1), datetime.date(2026, 1, 14), "14 (empat belas) hari"),
        (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31), "3 (tiga) bulan"),
    ],
)
def test_term_words(start, end, words):
    assert term_words(start, end) == words


@pytest.mark.django_db
def test_office_names_written_out_in_documents(offices):
    office = Office.objects.get(code="71.09")
    assert office.formal_name == "Komisi Pemilihan Umum Kabupaten Kepulauan Siau Tagulandang Biaro"
    assert "Kep." not in office.full_region_name


@pytest.mark.django_db
def test_no_iso_date_in_the_timeline_or_activity_messages(
    nk_draft, operator, reviewer, ri_reviewer, login
):
    services.agreement_submit(user=operator, agreement=nk_draft)
    signed = sign(decide_all(nk_draft, reviewer, ri_reviewer), operator)
    services.agreement_terminate(
        user=operator,
        agreement=signed,
        terminated_on=datetime.date(2026, 3, 2),
        reason="Kesepakatan PARA PIHAK.",
    )
    messages = list(ActivityLog.objects.values_list("message", flat=True))
    assert messages and not [m for m in messages if ISO_DATE.search(m)]
    page = login(operator).get(signed.get_absolute_url()).content.decode()
    text = _visible(page)
    assert "Ditandatangani 11 September 2025 di Ponorogo" in " ".join(text.split())
    assert "Diakhiri per 2 Maret 2026" in " ".join(text.split())
    assert not ISO_DATE.findall(text)


@pytest.mark.django_db
def test_english_ui_english_months_and_second_party_document_stays_indonesian(
    nk_draft, operator, login
):
    client = login(operator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = " ".join(_visible(client.get(nk_draft.get_absolute_url()).content.decode()).split())
    assert "SECOND PARTY" in text and "PIHAK KEDUA" not in text
    assert "FIRST PARTY" in text
    assert "11 September 2025 – 10 September 2030" in text  # same spelling in both languages
    with translation.override("en"):
        html = document_layout.document_html(nk_draft, final=False)
        from core.templatetags.idn import long_date

        assert long_date(datetime.date(2026, 3, 2)) == "2 March 2026"
    assert "Pada hari ini" in html and "PIHAK KEDUA" in html and "SECOND PARTY" not in html
