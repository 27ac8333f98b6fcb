import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from core.models import ActivityLog
from core.uploads import private_storage
from partners import imports
from partners.import_files import IMPORT_COLUMNS, MAX_IMPORT_BYTES, cell_text
from partners.import_models import PartnerImport
from partners.models import Partner
from partners.tasks import run_partner_import, validate_partner_import
from tests.factories import PartnerFactory
from tests.helpers import wait_for_status

Status = PartnerImport.Status
HEADER = [column.header for column in IMPORT_COLUMNS]
KEYS = [column.key for column in IMPORT_COLUMNS]


@pytest.fixture(autouse=True)
def private_files(tmp_path, settings):
    """Uploaded import files go to a temporary directory, not ./var/media."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def validation_in_process(request, monkeypatch):
    """The upload queues its check in Celery; here the queued task runs in the test's own
    process (except for the tests with a real worker)."""
    if request.node.get_closest_marker("celery") is None:
        monkeypatch.setattr(
            validate_partner_import, "delay", lambda **kwargs: validate_partner_import(**kwargs)
        )


def _row(number: int, **values) -> list:
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


def _xlsx(rows: list[list], header: list | None = None, name: str = "mitra.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER if header is None else header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _rows(count: int, bad: dict[int, dict] | None = None) -> list[list]:
    bad = bad or {}
    return [_row(number, **bad.get(number, {})) for number in range(1, count + 1)]


def _upload(client, upload):
    """Post the file; its check is only queued (after commit)."""
    return client.post(reverse("partners:import"), {"file": upload})


def _upload_checked(client, upload):
    """Post the file and run the check it queued, as the worker would after the commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return _upload(client, upload)


def _nothing_stored() -> bool:
    return not PartnerImport.objects.exists() and not Partner.objects.exists()


def _errors(partner_import: PartnerImport) -> set[tuple]:
    return {(e["row"], e["column"]) for e in partner_import.errors}


# --- the big file: three bad rows, then corrected --------------------------------------


@pytest.mark.django_db
def test_import_thousand_rows_with_three_bad_rows_imports_nothing(
    login, operator, django_capture_on_commit_callbacks
):
    # Data row n sits on Excel row n + 1.
    bad = {17: {"name": ""}, 500: {"email": "bukan-email"}, 998: {"category": "Warung"}}
    with django_capture_on_commit_callbacks() as queued:
        response = _upload(login(operator), _xlsx(_rows(1000, bad)))
    partner_import = PartnerImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == partner_import.get_absolute_url()
    assert partner_import.status == Status.PENDING  # checked by Celery, never in the request
    assert len(queued) == 1

    validate_partner_import(import_id=partner_import.pk)

    partner_import.refresh_from_db()
    assert partner_import.status == Status.INVALID
    assert _errors(partner_import) == {(18, "Nama"), (501, "Email"), (999, "Kategori")}
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
        _upload(client, _xlsx(_rows(1000)))
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


# --- files refused before anything is stored -----------------------------------------


def _docx_like() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile("mitra.xlsx", buffer.getvalue())


def _with_formula() -> SimpleUploadedFile:
    upload = _xlsx(_rows(3))
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
    response = _upload(login(operator), make())
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "is-invalid" in response.content.decode()
    assert _nothing_stored()


def _unlabelled_inside_template() -> SimpleUploadedFile:
    header = [*HEADER[:-1], ""]  # the last template column (Catatan) without its header
    return _xlsx([_row(1)[:-1] + ["x"]], header=header)


REFUSED_BY_THE_CHECK = {
    "zip": (_docx_like, "Berkas Excel tidak dapat dibaca"),
    "missing": (
        lambda: _xlsx([["UMPO"]], header=["Nama*", "Alamat"]),
        "Kolom wajib tidak ada: Kategori.",
    ),
    "unknown": (
        lambda: _xlsx([_row(1)], header=[*HEADER, "Surel Kantor"]),
        "Kolom tidak dikenal: Surel Kantor.",
    ),
    "doubled": (lambda: _xlsx([_row(1)], header=[*HEADER, "Email"]), "Kolom ganda: Email."),
    "beyond the template": (
        lambda: _xlsx([_row(1) + ["", "x"]]),
        "Sel P2 berisi data di luar kolom templat (A–N).",
    ),
    "unlabelled": (_unlabelled_inside_template, "Sel N2 berisi data di kolom tanpa judul"),
    "header only": (lambda: _xlsx([]), "Berkas tidak berisi data mitra"),
    "blank rows only": (lambda: _xlsx([[""] * 14, [None, " "]]), "Berkas tidak berisi data"),
    "formula": (_with_formula, "Sel L3 berisi rumus (formula)"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", REFUSED_BY_THE_CHECK)
def test_import_check_refuses_bad_file_and_imports_nothing(login, operator, case):
    make, message = REFUSED_BY_THE_CHECK[case]
    client = login(operator)
    response = _upload_checked(client, make())
    partner_import = PartnerImport.objects.get()
    assert response["Location"] == partner_import.get_absolute_url()
    assert partner_import.status == Status.INVALID
    assert message in partner_import.errors[0]["message"]
    assert message in _follow(response, client)
    assert not Partner.objects.exists()


@pytest.mark.django_db
def test_import_refuses_too_many_rows(login, operator, monkeypatch):
    monkeypatch.setattr("partners.import_files.MAX_IMPORT_ROWS", 5)
    _upload_checked(login(operator), _xlsx(_rows(6)))
    partner_import = PartnerImport.objects.get()
    assert partner_import.status == Status.INVALID
    assert "lebih dari 5 baris data" in partner_import.errors[0]["message"]
    assert not Partner.objects.exists()


# --- row rules ------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_reports_duplicates_in_file_and_registry(login, operator):
    PartnerFactory(name="Universitas Muhammadiyah Ponorogo")
    rows = [
        _row(1, name="Lembaga Amanah"),
        _row(2, name="UNIV. Muhammadiyah  Ponorogo"),
        _row(3, name="LEMBAGA amanah."),
    ]
    response = _upload_checked(login(operator), _xlsx(rows))
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
    page = _follow(response, login(operator))
    assert "Nama sama dengan baris 2 di berkas ini." in page
    assert Partner.objects.count() == 1


def _follow(response, client) -> str:
    return client.get(response["Location"]).content.decode()


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
    _upload_checked(login(operator), _xlsx([_row(1), _row(2, **values)]))
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
        _row(1, category="perguruan TINGGI", province_code="", regency_code=35.02),
        _row(2, category="media", regency_code="", is_affiliated="ya", affiliation_explanation="X"),
        _row(3, category="Lainnya", province_code="", regency_code="", website=""),
    ]
    client = login(operator)
    response = _upload_checked(client, _xlsx(rows))
    partner_import = PartnerImport.objects.get()
    assert partner_import.status == Status.READY
    page = _follow(response, client)
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

    _upload_checked(client, SimpleUploadedFile("templat.xlsx", response.content))
    partner_import = PartnerImport.objects.get()
    assert partner_import.status == Status.READY
    assert partner_import.preview[0]["name"] == "Universitas Muhammadiyah Ponorogo"


# --- all or nothing -------------------------------------------------------------------


@pytest.fixture
def ready_import(login, operator):
    _upload_checked(login(operator), _xlsx(_rows(5)))
    partner_import = PartnerImport.objects.get()
    assert partner_import.status == Status.READY
    return partner_import


@pytest.mark.django_db
def test_import_rechecks_registry_on_confirm(login, operator, ready_import, outsider):
    PartnerFactory(name="Lembaga Uji 0004")  # registered meanwhile by someone else
    login(operator).post(reverse("partners:import-confirm", args=[ready_import.pk]))
    ready_import.refresh_from_db()
    assert ready_import.status == Status.INVALID
    assert _errors(ready_import) == {(5, "Nama")}
    assert "Registri mitra berubah" in ready_import.message
    assert Partner.objects.count() == 1


@pytest.mark.django_db
def test_import_failure_midway_creates_nothing(login, operator, ready_import, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "log_activity", broken)
    login(operator).post(reverse("partners:import-confirm", args=[ready_import.pk]))
    ready_import.refresh_from_db()
    assert ready_import.status == Status.FAILED
    assert "tidak ada mitra yang dibuat" in ready_import.message
    assert Partner.objects.count() == 0
    assert Partner.history.count() == 0


@pytest.mark.django_db
def test_tasks_twice_do_not_double_create(operator, ready_import):
    assert imports.partner_import_validate(import_id=ready_import.pk) is None  # not PENDING
    imports.partner_import_confirm(actor=operator, partner_import=ready_import)
    run_partner_import(import_id=ready_import.pk)
    run_partner_import(import_id=ready_import.pk)
    validate_partner_import(import_id=ready_import.pk)
    assert Partner.objects.count() == 5
    assert PartnerImport.objects.get().status == Status.DONE
    assert ActivityLog.objects.filter(action="partner.imported").count() == 1


@pytest.mark.django_db
def test_tasks_for_a_deleted_import_return_quietly():
    assert validate_partner_import(import_id=987654) is None
    assert run_partner_import(import_id=987654) is None


@pytest.mark.django_db
def test_confirm_twice_is_refused(login, operator, ready_import):
    client = login(operator)
    client.post(reverse("partners:import-confirm", args=[ready_import.pk]))
    response = client.post(reverse("partners:import-confirm", args=[ready_import.pk]), follow=True)
    assert "tidak lagi menunggu konfirmasi" in response.content.decode()
    assert Partner.objects.count() == 5


# --- progress, scope and roles --------------------------------------------------------


@pytest.mark.django_db
def test_progress_partial_polls_while_working_and_stops_when_done(login, operator, ready_import):
    client = login(operator)
    url = reverse("partners:import-progress", args=[ready_import.pk])
    PartnerImport.objects.filter(pk=ready_import.pk).update(
        status=Status.VALIDATING, total_rows=250, processed_rows=100
    )
    working = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in working
    assert f'hx-get="{url}"' in working
    assert '<progress class="w-100" max="250" value="100"' in working
    assert "style=" not in working

    PartnerImport.objects.filter(pk=ready_import.pk).update(status=Status.DONE, created_count=5)
    done = client.get(url).content.decode()
    assert "hx-trigger" not in done
    assert "5 mitra didaftarkan atas nama KPU Kabupaten Ponorogo" in done


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["import-detail", "import-progress"])
def test_outsider_gets_404_on_another_office_import(login, outsider, ready_import, name):
    response = login(outsider).get(reverse(f"partners:{name}", args=[ready_import.pk]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_outsider_cannot_confirm_another_office_import(login, outsider, ready_import):
    response = login(outsider).post(reverse("partners:import-confirm", args=[ready_import.pk]))
    assert response.status_code == 404
    assert PartnerImport.objects.get().status == Status.READY


@pytest.mark.django_db
def test_province_sees_regency_import_but_cannot_confirm(login, jatim_admin, ready_import):
    client = login(jatim_admin)
    page = client.get(ready_import.get_absolute_url()).content.decode()
    assert "Lembaga Uji 0001" in page
    assert reverse("partners:import-confirm", args=[ready_import.pk]) not in page
    response = client.post(reverse("partners:import-confirm", args=[ready_import.pk]))
    assert response.status_code == 403
    assert Partner.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["commissioner", "reviewer"])
def test_non_editors_get_403_on_upload(login, persona, request):
    client = login(request.getfixturevalue(persona))
    assert client.get(reverse("partners:import")).status_code == 403
    assert _upload(client, _xlsx(_rows(2))).status_code == 403
    assert _nothing_stored()


@pytest.mark.django_db
def test_commissioner_gets_403_on_confirm(login, commissioner, ready_import):
    response = login(commissioner).post(reverse("partners:import-confirm", args=[ready_import.pk]))
    assert response.status_code == 403
    assert PartnerImport.objects.get().status == Status.READY


@pytest.mark.django_db
def test_upload_form_shows_office_and_template_link(login, operator):
    page = login(operator).get(reverse("partners:import")).content.decode()
    assert "Mitra didaftarkan atas nama KPU Kabupaten Ponorogo." in page
    assert reverse("partners:import-template") in page
    assert 'enctype="multipart/form-data"' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["import", "import-template", "import-detail", "import-progress", "import-confirm"]
)
def test_import_pages_require_login(client, name):
    args = [] if name in ("import", "import-template") else [1]
    url = reverse(f"partners:{name}", args=args)
    response = client.post(url) if name == "import-confirm" else client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_import_wrong_methods_get_405(login, operator, ready_import):
    client = login(operator)
    assert client.get(reverse("partners:import-confirm", args=[ready_import.pk])).status_code == 405
    assert client.put(reverse("partners:import")).status_code == 405
    assert client.post(reverse("partners:import-template")).status_code == 405
    assert client.post(reverse("partners:import-progress", args=[1])).status_code == 405


# --- Celery: a real worker on Redis, and the sweep ------------------------------------


@pytest.mark.celery
def test_large_import_runs_on_a_real_worker(celery_worker, login, operator):
    client = login(operator)
    response = _upload(client, _xlsx(_rows(250, {120: {"email": "salah"}})))
    assert response.status_code == 302
    pk = PartnerImport.objects.get().pk
    partner_import = wait_for_status(PartnerImport, pk, Status.INVALID)
    assert _errors(partner_import) == {(121, "Email")}

    _upload(client, _xlsx(_rows(250)))
    pk = PartnerImport.objects.latest("pk").pk
    wait_for_status(PartnerImport, pk, Status.READY)
    client.post(reverse("partners:import-confirm", args=[pk]))
    partner_import = wait_for_status(PartnerImport, pk, Status.DONE)
    assert partner_import.created_count == 250
    assert Partner.objects.count() == 250


@pytest.mark.django_db
def test_sweep_requeues_stuck_imports(ready_import, monkeypatch):
    queued = []
    monkeypatch.setattr(validate_partner_import, "delay", lambda **kw: queued.append(("v", kw)))
    monkeypatch.setattr(run_partner_import, "delay", lambda **kw: queued.append(("r", kw)))
    stuck = PartnerImport.objects.filter(pk=ready_import.pk)
    stuck.update(status=Status.VALIDATING, updated_at="2020-01-01T00:00Z")
    assert imports.partner_imports_requeue() == 1
    assert stuck.get().status == Status.PENDING
    assert queued == [("v", {"import_id": ready_import.pk})]

    stuck.update(status=Status.IMPORTING, updated_at="2020-01-01T00:00Z")
    queued.clear()
    assert imports.partner_imports_requeue() == 1
    assert queued == [("r", {"import_id": ready_import.pk})]
    stuck.update(updated_at="2100-01-01T00:00Z")  # fresh: a worker may still be on it
    assert imports.partner_imports_requeue() == 0


@pytest.mark.django_db
def test_uploaded_file_is_stored_privately(ready_import, tmp_path):
    assert ready_import.file.storage is private_storage
    assert (tmp_path / "private" / ready_import.file.name).exists()
    assert ready_import.original_filename == "mitra.xlsx"
    assert ready_import.file.name != "partners/imports/mitra.xlsx"
