"""Partner import files refused before anything is stored: in the request, or by the
queued check."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from partners.import_files import MAX_IMPORT_BYTES
from partners.import_models import PartnerImport
from partners.models import Partner
from tests.partners import import_sheets as sheets
from tests.partners.import_sheets import HEADER

Status = PartnerImport.Status


# --- files refused before anything is stored -----------------------------------------


def _docx_like() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile("mitra.xlsx", buffer.getvalue())


def _with_formula() -> SimpleUploadedFile:
    upload = sheets.xlsx(sheets.rows(3))
    workbook = load_workbook(io.BytesIO(upload.read()))
    workbook.active["L3"] = '=IF(1,"Ya","Tidak")'
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("mitra.xlsx", buffer.getvalue())


REFUSED_IN_REQUEST = {
    "pdf": (
        lambda: SimpleUploadedFile("mitra.xlsx", b"%PDF-1.4\n%%EOF\n"),
        "bukan berkas Excel (.xlsx)",
    ),
    "text": (
        lambda: SimpleUploadedFile("mitra.xlsx", b"Nama,Kategori\nUMPO,Perguruan Tinggi\n"),
        "bukan berkas Excel (.xlsx)",
    ),
    "too large": (
        lambda: SimpleUploadedFile("mitra.xlsx", b"PK\x03\x04" + b"0" * MAX_IMPORT_BYTES),
        "Berkas terlalu besar (10.0 MB); batasnya 10 MB.",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", REFUSED_IN_REQUEST)
def test_import_refuses_bad_upload_in_the_request_and_stores_nothing(login, operator, case):
    make, message = REFUSED_IN_REQUEST[case]
    response = sheets.upload(login(operator), make())
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "is-invalid" in response.content.decode()
    assert sheets.nothing_stored()


def _unlabelled_inside_template() -> SimpleUploadedFile:
    header = [*HEADER[:-1], ""]  # the last template column (Catatan) without its header
    return sheets.xlsx([sheets.row(1)[:-1] + ["x"]], header=header)


REFUSED_BY_THE_CHECK = {
    "zip": (_docx_like, "Berkas Excel tidak dapat dibaca"),
    "missing": (
        lambda: sheets.xlsx([["UMPO"]], header=["Nama*", "Alamat"]),
        "Kolom wajib tidak ada: Kategori.",
    ),
    "unknown": (
        lambda: sheets.xlsx([sheets.row(1)], header=[*HEADER, "Surel Kantor"]),
        "Kolom tidak dikenal: Surel Kantor.",
    ),
    "doubled": (
        lambda: sheets.xlsx([sheets.row(1)], header=[*HEADER, "Email"]),
        "Kolom ganda: Email.",
    ),
    "beyond the template": (
        lambda: sheets.xlsx([sheets.row(1) + ["", "x"]]),
        "Sel P2 berisi data di luar kolom templat (A–N).",
    ),
    "unlabelled": (_unlabelled_inside_template, "Sel N2 berisi data di kolom tanpa judul"),
    "header only": (lambda: sheets.xlsx([]), "Berkas tidak berisi data mitra"),
    "blank rows only": (lambda: sheets.xlsx([[""] * 14, [None, " "]]), "Berkas tidak berisi data"),
    "formula": (_with_formula, "Sel L3 berisi rumus (formula)"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", REFUSED_BY_THE_CHECK)
def test_import_check_refuses_bad_file_and_imports_nothing(login, operator, case):
    make, message = REFUSED_BY_THE_CHECK[case]
    client = login(operator)
    response = sheets.upload_checked(client, make())
    partner_import = PartnerImport.objects.get()
    assert response["Location"] == partner_import.get_absolute_url()
    assert partner_import.status == Status.INVALID
    assert message in partner_import.errors[0]["message"]
    assert message in sheets.follow(response, client)
    assert not Partner.objects.exists()


@pytest.mark.django_db
def test_import_refuses_too_many_rows(login, operator, monkeypatch):
    monkeypatch.setattr("partners.import_files.MAX_IMPORT_ROWS", 5)
    sheets.upload_checked(login(operator), sheets.xlsx(sheets.rows(6)))
    partner_import = PartnerImport.objects.get()
    assert partner_import.status == Status.INVALID
    assert "lebih dari 5 baris data" in partner_import.errors[0]["message"]
    assert not Partner.objects.exists()
