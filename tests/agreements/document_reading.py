"""Agreement documents read back: render a draft or the final copy and read its PDF's text,
page by page, with whitespace collapsed (lines wrap anywhere in justified text)."""

import io

from pypdf import PdfReader

from agreements import documents, services
from agreements.models import AgreementDocument
from tests.workflows import SEPT_11, decide_all, sign


def pages(document: AgreementDocument) -> list[str]:
    """Each page's text with whitespace collapsed (lines wrap anywhere in justified text)."""
    document.file.open("rb")
    try:
        reader = PdfReader(io.BytesIO(document.file.read()))
    finally:
        document.file.close()
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def text(document: AgreementDocument) -> str:
    return " ".join(pages(document))


def assert_in_order(text: str, parts: list[str]) -> None:
    position = 0
    for part in parts:
        found = text.find(part, position)
        assert found >= 0, f"{part!r} missing after position {position}"
        position = found + len(part)


def headings(agreement) -> list[str]:
    return [f"Pasal {n} {c.heading}" for n, c in enumerate(agreement.clauses.all(), start=1)]


def signed(agreement, operator, *reviewers, on=SEPT_11):
    services.agreement_submit(user=operator, agreement=agreement)
    return sign(decide_all(agreement, *reviewers), operator, on=on)


def render_final(agreement) -> AgreementDocument:
    final = agreement.documents.get(is_final=True)
    return documents.document_render(document_id=final.pk)


def preview(agreement, user) -> AgreementDocument:
    document = documents.document_request(agreement=agreement, user=user)
    return documents.document_render(document_id=document.pk)
