"""Signatory titles as written: the demo's documents read as a drafter writes them, and old
short titles are completed once without repeated words."""

import importlib
import io
import re

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from agreements import document_layout
from agreements.models import Agreement
from core.pdf import html_to_pdf
from partners.titles import full_title

WORD = re.compile(r"\w+(?:[.'’-]\w+)*")


def repeated_runs(text: str, longest: int = 8) -> list[str]:
    """Every run of two or more words immediately repeated ("Kepolisian Resor Kepolisian
    Resor"), case-insensitively, across line breaks."""
    words = [word.lower() for word in WORD.findall(text)]
    found = []
    for size in range(2, longest + 1):
        for start in range(len(words) - 2 * size + 1):
            if words[start : start + size] == words[start + size : start + 2 * size]:
                found.append(" ".join(words[start : start + size]))
    return found


def pdf_text(agreement: Agreement) -> str:
    pdf = html_to_pdf(document_layout.document_html(agreement, final=False))
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize(
    ("title", "name", "expected"),
    [
        (
            "Kepala Kepolisian Resor",
            "Kepolisian Resor Ponorogo",
            "Kepala Kepolisian Resor Ponorogo",
        ),
        (
            "Kepala Dinas Kependudukan dan Pencatatan Sipil",
            "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Ponorogo",
            "Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Ponorogo",
        ),
        ("Rektor", "Universitas Airlangga", "Rektor Universitas Airlangga"),
        ("Menteri Dalam Negeri", "Kementerian Dalam Negeri", "Menteri Dalam Negeri"),
        ("Rektor Universitas Airlangga", "Universitas Airlangga", "Rektor Universitas Airlangga"),
        ("", "Universitas Airlangga", ""),
    ],
)
def test_full_title_completes_without_repeating(title, name, expected):
    assert full_title(title, name) == expected
    assert not repeated_runs(full_title(title, name))


def test_repeated_runs_finds_the_old_duplication():
    assert repeated_runs("Kepala Kepolisian Resor Kepolisian Resor Ponorogo") == [
        "kepolisian resor"
    ]
    assert repeated_runs("ayat (1) dan ayat (2)") == []


def test_migration_copy_matches_the_app_function():
    migration = importlib.import_module("agreements.migrations.0005_full_signatory_titles")
    for title, name in [
        ("Kepala Kepolisian Resor", "Kepolisian Resor Ponorogo"),
        ("Menteri Dalam Negeri", "Kementerian Dalam Negeri"),
        ("Kepala Stasiun", "Radio Republik Indonesia Surabaya"),
    ]:
        assert migration.full_title(title, name) == full_title(title, name)


@pytest.mark.django_db
def test_every_demo_document_has_no_repeated_words(offices):
    call_command("seed_demo", force=True, stdout=io.StringIO())
    demo = list(Agreement.objects.filter(title__endswith="(demo)").order_by("pk"))
    assert len(demo) >= 8
    by_partner = {}
    for agreement in demo:
        party = agreement.parties.select_related("partner").get(position=1)
        by_partner[party.partner.short_name] = agreement
        html = document_layout.document_html(agreement, final=False)
        # Each paragraph on its own: a Pasal heading may open its text with the same words.
        for text in re.split(r"<[^>]+>", html.split("<body", 1)[1]):
            assert not repeated_runs(text), (agreement.title, repeated_runs(text))
    for short, title in [
        ("Polres Ponorogo", "Kepala Kepolisian Resor Ponorogo"),
        ("Disdukcapil Ponorogo", "Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten"),
    ]:
        agreement = by_partner[short]
        headings = {clause.heading for clause in agreement.clauses.all()}
        lines = [line.strip() for line in pdf_text(agreement).splitlines() if line.strip()]
        assert title in " ".join(lines) or title.upper() in " ".join(lines)
        for line, after in zip(lines, lines[1:] + [""], strict=True):
            pair = line if line in headings else f"{line} {after}"
            assert not repeated_runs(pair), (short, pair)
