"""Reading back what a worker process rendered."""

from agreements.models import AgreementDocument
from tests.files import pdf_text
from tests.helpers import wait_until


def document_text(document: AgreementDocument) -> str:
    """The text of a rendered agreement document, whitespace collapsed."""
    with document.file.open("rb") as handle:
        return pdf_text(handle.read())


def rendered(document_id: int, worker, seconds: float = 180) -> AgreementDocument:
    """The agreement document once the worker has finished it; fails at once, with the row's
    error and the worker's log, if it ends anywhere but READY."""
    finished = (AgreementDocument.Status.READY, AgreementDocument.Status.FAILED)
    rows = AgreementDocument.objects.filter(pk=document_id)
    wait_until(lambda: rows.filter(status__in=finished).exists(), seconds, interval=0.1)
    document = rows.get()
    assert document.status == AgreementDocument.Status.READY, (
        f"document {document_id} is {document.status} ({document.error}):\n{worker.log()[-3000:]}"
    )
    return document
