"""Partner import workbooks for the tests: rows of the template's columns, the .xlsx made
from them, and posting one to the import page."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from openpyxl import Workbook

from partners.import_files import IMPORT_COLUMNS
from partners.import_models import PartnerImport
from partners.models import Partner

HEADER = [column.header for column in IMPORT_COLUMNS]
KEYS = [column.key for column in IMPORT_COLUMNS]


def row(number: int, **values) -> list:
    row = {
        "name": f"Lembaga Uji {number:04d}",
        "category": "Perguruan Tinggi",
        "province_code": "35",
        "regency_code": "35.02",
        "email": f"humas{number}@contoh.ac.id",
        "website": "contoh.ac.id",
        "phone": "0352-481124",
        "is_affiliated": "Tidak",
    } | values
    return [row.get(key, "") for key in KEYS]


def xlsx(rows: list[list], header: list | None = None, name: str = "mitra.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER if header is None else header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def rows(count: int, bad: dict[int, dict] | None = None) -> list[list]:
    bad = bad or {}
    return [row(number, **bad.get(number, {})) for number in range(1, count + 1)]


def upload(client, workbook: SimpleUploadedFile):
    """Post the file; its check is only queued (after commit)."""
    return client.post(reverse("partners:import"), {"file": workbook})


def upload_checked(client, workbook: SimpleUploadedFile):
    """Post the file and run the check it queued, as the worker would after the commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return upload(client, workbook)


def nothing_stored() -> bool:
    return not PartnerImport.objects.exists() and not Partner.objects.exists()


def errors(partner_import: PartnerImport) -> set[tuple]:
    return {(e["row"], e["column"]) for e in partner_import.errors}


def follow(response, client) -> str:
    """The page the import redirected to."""
    return client.get(response["Location"]).content.decode()
