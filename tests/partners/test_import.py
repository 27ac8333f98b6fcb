"""Partner import from Excel: the big file with bad rows, then corrected; the row rules;
a small import confirmed; the template imports as is."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from core.models import ActivityLog
from partners.import_files import cell_text
from partners.import_models import PartnerImport
from partners.models import Partner
from partners.tasks import run_partner_import, validate_partner_import
from tests.factories import PartnerFactory
from tests.partners import import_sheets as sheets
from tests.partners.import_sheets import HEADER

Status = PartnerImport.Status


# --- the big file: three bad rows, then corrected --------------------------------------


@pytest.mark.django_db
def test_import_thousand_rows_with_three_bad_rows_imports_nothing(
    login, operator, django_capture_on_commit_callbacks
):
    # Data row n sits on Excel row n + 1.
    bad = {17: {"name": ""}, 500: {"email": "bukan-email"}, 998: {"category": "Warung"}}
    with django_capture_on_commit_callbacks() as queued:
        response = sheets.upload(login(operator), sheets.xlsx(sheets.rows(1000, bad)))
    partner_import = PartnerImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == partner_import.get_absolute_url()
    assert partner_import.status == Status.PENDING  # checked by Celery, never in the request
    assert len(queued) == 1

    validate_partner_import(import_id=partner_import.pk)

    partner_import.refresh_from_db()
    assert partner_import.status == Status.INVALID
    assert sheets.errors(partner_import) == {(18, "Nama"), (501, "Email"), (999, "Kategori")}
    assert partner_import.total_rows == partner_import.processed_rows == 1000
    assert Partner.objects.count() == 0
    page = login(operator).get(partner_import.get_absolute_url()).content.decode()
    assert "Kategori “Warung” tidak dikenal" in page
    assert 'hx-trigger="every 1s"' not in page


@pytest.mark.django_db
def test_import_corrected_thousand_rows_imports_exactly_them(
    login, operator, ponorogo, django_capture_on_commit_callbacks
):
    client = login(operator)
    with django_capture_on_commit_callbacks():
        sheets.upload(client, sheets.xlsx(sheets.rows(1000)))
    partner_import = PartnerImport.objects.get()
    validate_partner_import(import_id=partner_import.pk)
    partner_import.refresh_from_db()
    assert partner_import.status == Status.READY
    assert len(partner_import.preview) == 20

    with django_capture_on_commit_callbacks() as queued:
        client.post(reverse("partners:import-confirm", args=[partner_import.pk]))
    assert len(queued) == 1
    assert PartnerImport.objects.get().status == Status.IMPORTING
    run_partner_import(import_id=partner_import.pk)

    partner_import.refresh_from_db()
    assert partner_import.status == Status.DONE
    assert partner_import.created_count == 1000
    assert Partner.objects.filter(registered_by=ponorogo, regency=ponorogo).count() == 1000
    assert Partner.history.count() == 1000
    assert ActivityLog.objects.filter(action="partner.imported").count() == 1


# --- row rules ------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_reports_duplicates_in_file_and_registry(login, operator):
    PartnerFactory(name="Universitas Muhammadiyah Ponorogo")
    rows = [
        sheets.row(1, name="Lembaga Amanah"),
        sheets.row(2, name="UNIV. Muhammadiyah  Ponorogo"),
        sheets.row(3, name="LEMBAGA amanah."),
    ]
    response = sheets.upload_checked(login(operator), sheets.xlsx(rows))
    partner_import = PartnerImport.objects.get()
    assert partner_import.status == Status.INVALID
    assert partner_import.errors == [
        {
            "row": 3,
            "column": "Nama",
            "message": "Sudah terdaftar di registri mitra sebagai “Universitas Muhammadiyah "
            "Ponorogo”.",
        },
        {"row": 4, "column": "Nama", "message": "Nama sama dengan baris 2 di berkas ini."},
    ]
    page = sheets.follow(response, login(operator))
    assert "Nama sama dengan baris 2 di berkas ini." in page
    assert Partner.objects.count() == 1


ROW_RULES = [
    ({"province_code": "35.02"}, "Kode Provinsi", "Kode provinsi “35.02” tidak dikenal"),
    ({"regency_code": "35"}, "Kode Kabupaten/Kota", "Kode kabupaten/kota “35” tidak dikenal"),
    ({"regency_code": "34.04"}, "Kode Kabupaten/Kota", "tidak berada di provinsi"),
    ({"category": ""}, "Kategori", "Kategori wajib diisi."),
    ({"is_affiliated": "Mungkin"}, "Terafiliasi (Ya/Tidak)", "Isi Ya atau Tidak"),
    ({"is_affiliated": "Ya"}, "Penjelasan Afiliasi", "Wajib diisi bila Terafiliasi = Ya."),
    ({"website": "contoh"}, "Situs Web", "URL"),
    ({"name": "x" * 256}, "Nama", "255"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("values", "column", "message"), ROW_RULES)
def test_import_row_rules(login, operator, values, column, message):
    sheets.upload_checked(login(operator), sheets.xlsx([sheets.row(1), sheets.row(2, **values)]))
    partner_import = PartnerImport.objects.get()
    assert partner_import.status == Status.INVALID
    assert [(e["row"], e["column"]) for e in partner_import.errors] == [(3, column)]
    assert message in partner_import.errors[0]["message"]


def test_cell_text_restores_codes_excel_turned_into_numbers():
    assert cell_text("regency_code", 35.1) == "35.10"
    assert cell_text("province_code", 35.0) == "35"
    assert cell_text("phone", 81234567.0) == "81234567"
    assert cell_text("is_affiliated", True) == "Ya"
    assert cell_text("name", "  Lembaga  ") == "Lembaga"


@pytest.mark.django_db
def test_small_import_checked_and_imported_on_confirm(login, operator, ponorogo, jatim):
    rows = [
        sheets.row(1, category="perguruan TINGGI", province_code="", regency_code=35.02),
        sheets.row(
            2, category="media", regency_code="", is_affiliated="ya", affiliation_explanation="X"
        ),
        sheets.row(3, category="Lainnya", province_code="", regency_code="", website=""),
    ]
    client = login(operator)
    response = sheets.upload_checked(client, sheets.xlsx(rows))
    partner_import = PartnerImport.objects.get()
    assert partner_import.status == Status.READY
    page = sheets.follow(response, client)
    assert "Lembaga Uji 0003" in page
    assert reverse("partners:import-confirm", args=[partner_import.pk]) in page

    response = client.post(reverse("partners:import-confirm", args=[partner_import.pk]))
    assert response.status_code == 302
    partner_import.refresh_from_db()
    assert partner_import.status == Status.DONE
    first, second, third = Partner.objects.order_by("name")
    assert (first.category, first.province, first.regency) == ("UNIVERSITY", jatim, ponorogo)
    assert first.website == "https://contoh.ac.id"
    assert (second.category, second.province, second.regency) == ("MEDIA", jatim, None)
    assert second.is_affiliated and second.affiliation_explanation == "X"
    assert (third.province, third.regency, third.website) == (None, None, "")
    assert first.normalized_name == "lembaga uji 0001"
    log = ActivityLog.objects.get(action="partner.imported")
    assert log.actor == operator
    assert "3 mitra" in log.message


@pytest.mark.django_db
def test_template_download_imports_as_is(login, operator):
    client = login(operator)
    response = client.get(reverse("partners:import-template"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Mitra", "Petunjuk"]
    assert [cell.value for cell in workbook["Mitra"][1]] == HEADER
    instructions = [row[0] for row in workbook["Petunjuk"].iter_rows(values_only=True)]
    assert {label for _value, label in Partner.Category.choices} <= set(instructions)
    assert any("35.02" in str(text) for text in instructions)

    sheets.upload_checked(client, SimpleUploadedFile("templat.xlsx", response.content))
    partner_import = PartnerImport.objects.get()
    assert partner_import.status == Status.READY
    assert partner_import.preview[0]["name"] == "Universitas Muhammadiyah Ponorogo"
