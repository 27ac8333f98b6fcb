"""Hostile import files, generated here: each is stored by the upload (nothing parsed in the
request) and refused by the check before openpyxl loads it, with a clear Indonesian message
and a bounded memory (measured with tracemalloc; the bound is asserted, the time printed)."""

import io
import resource
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from openpyxl import Workbook
from openpyxl.styles import Font

from partners import imports
from partners.import_files import IMPORT_COLUMNS
from partners.import_models import PartnerImport
from partners.models import Partner

pytestmark = pytest.mark.django_db
HEADER = [column.header for column in IMPORT_COLUMNS]
ROW = ["Lembaga Uji", "", "Perguruan Tinggi"]
MB = 1024 * 1024
# Far below what loading the hostile files used to cost (a 50 MB string: +185 MB).
HOSTILE_PEAK_LIMIT = 16 * MB


def _saved(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _template() -> Workbook:
    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(ROW)
    return workbook


def cell_at_row_a_million() -> bytes:
    workbook = _template()
    workbook.active["A1000000"] = "x"
    return _saved(workbook)


def empty_rows_and_column_xfd() -> bytes:
    workbook = _template()
    sheet = workbook.active
    for row in range(3, 2003):
        sheet.cell(row=row, column=1).font = Font(bold=True)  # styled, empty
    sheet.cell(row=2003, column=16_384, value="x")
    return _saved(workbook)


def empty_cell_in_column_xfd_on_2000_rows() -> bytes:
    """Took 30.7 s in the request before the check (openpyxl padded every row to XFD)."""
    workbook = _template()
    for row in range(3, 2003):
        workbook.active.cell(row=row, column=16_384).font = Font(bold=True)  # styled, empty
    return _saved(workbook)


NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml"
PARTS = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats'
    b'.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd'
    b'.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="'
    b'application/xml"/><Override PartName="/xl/workbook.xml" ContentType="'
    + TYPE
    + b'.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="'
    + TYPE
    + b'.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="'
    + TYPE
    + b'.sharedStrings+xml"/></Types>',
    "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats'
    b'.org/package/2006/relationships"><Relationship Id="rId1" Type="'
    + REL
    + b'/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": b'<?xml version="1.0"?><workbook '
    + NS
    + b' xmlns:r="'
    + REL
    + b'"><sheets><sheet name="Mitra" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas'
    b'.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
    + REL
    + b'/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="'
    + REL
    + b'/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
}


def _inline(ref: str, text: str) -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def _raw_xlsx(shared_strings) -> bytes:
    """An xlsx written part by part: the template's header, one row whose name is shared
    string 0 (written by `shared_strings(stream)`, streamed, so the test never holds it)."""
    header = b"".join(_inline(f"{chr(65 + index)}1", text) for index, text in enumerate(HEADER))
    row = b'<c r="A2" t="s"><v>0</v></c>' + _inline("C2", "Perguruan Tinggi")
    sheet = b'<?xml version="1.0"?><worksheet ' + NS + b"><sheetData>"
    sheet += b'<row r="1">' + header + b'</row><row r="2">' + row + b"</row>"
    sheet += b"</sheetData></worksheet>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in PARTS.items():
            archive.writestr(name, content)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=False) as stream:
            shared_strings(stream)
    return buffer.getvalue()


def _one_shared_string(length: int, prologue: bytes = b""):
    def write(stream):
        stream.write(b'<?xml version="1.0" encoding="UTF-8"?>' + prologue)
        stream.write(b"<sst " + NS + b' count="1" uniqueCount="1"><si><t>')
        chunk = b"A" * MB
        for _ in range(length // MB):
            stream.write(chunk)
        stream.write(b"A" * (length % MB))
        stream.write(b"</t></si></sst>")

    return write


def shared_string_of_50_mb() -> bytes:
    return _raw_xlsx(_one_shared_string(50 * MB))


def shared_string_of_40_000_characters() -> bytes:
    return _raw_xlsx(_one_shared_string(40_000))


def _replace_part(content: bytes, name: str, write) -> bytes:
    """`content` (an xlsx) with part `name` rewritten by write(stream), streamed."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == name:
                with target.open(name, "w", force_zip64=False) as stream:
                    write(stream)
            else:
                target.writestr(info, source.read(info.filename))
    return buffer.getvalue()


def sheet_of_70_mb_whitespace() -> bytes:
    def write(stream):
        stream.write(b'<?xml version="1.0"?><worksheet><sheetData>')
        for _ in range(70):
            stream.write(b" " * MB)
        stream.write(b"</sheetData></worksheet>")

    return _replace_part(_saved(_template()), "xl/worksheets/sheet1.xml", write)


def five_thousand_parts() -> bytes:
    content = _saved(_template())
    buffer = io.BytesIO(content)
    with zipfile.ZipFile(buffer, "a") as archive:
        for number in range(5000):
            archive.writestr(f"x/{number}", b"")
    return buffer.getvalue()


def entity_expansion() -> bytes:
    dtd = b'<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    return _raw_xlsx(_one_shared_string(10, prologue=dtd))


def formula_cell() -> bytes:
    workbook = _template()
    workbook.active["C2"] = "=1+1"
    return _saved(workbook)


HOSTILE = {
    "a cell at row 1,000,000": (
        cell_at_row_a_million,
        "Berkas berisi lebih dari 10.000 baris data; bagilah berkasnya.",
    ),
    "2,000 empty rows and a cell in column XFD": (
        empty_rows_and_column_xfd,
        "Lembar berisi sel sampai kolom XFD; berkas impor paling lebar 30 kolom.",
    ),
    "2,000 rows with an empty cell in column XFD": (
        empty_cell_in_column_xfd_on_2000_rows,
        "Lembar berisi sel sampai kolom XFD; berkas impor paling lebar 30 kolom.",
    ),
    "a 50 MB shared string": (
        shared_string_of_50_mb,
        "Isi berkas Excel terlalu besar setelah dibuka (50 MB di bagian xl/sharedStrings.xml; "
        "batasnya 16 MB).",
    ),
    "a 40,000-character shared string": (
        shared_string_of_40_000_characters,
        "Berkas berisi teks lebih dari 32.767 karakter dalam satu sel (batas Excel).",
    ),
    "a 70 MB sheet": (
        sheet_of_70_mb_whitespace,
        "(70 MB di bagian xl/worksheets/sheet1.xml; batasnya 32 MB)",
    ),
    "5,000 parts": (five_thousand_parts, "Berkas Excel ini berisi terlalu banyak bagian"),
    "entity expansion": (entity_expansion, "memuat deklarasi DTD yang tidak diizinkan"),
    "a formula": (formula_cell, "Sel C2 berisi rumus (formula)."),
}


def _measured(action):
    """(result, peak traced bytes, seconds, growth of the process's peak RSS in bytes)."""
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = action()
        seconds = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    rss_growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) * 1024
    return result, peak, seconds, rss_growth


def test_the_hand_written_xlsx_is_a_valid_import_file(login, operator):
    """The files above are built part by part; with a short name this one imports."""
    client = login(operator)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(
            reverse("partners:import"),
            {"file": SimpleUploadedFile("mitra.xlsx", _raw_xlsx(_one_shared_string(12)))},
        )
    partner_import = PartnerImport.objects.get()
    assert partner_import.status == PartnerImport.Status.READY, partner_import.errors
    assert partner_import.preview[0]["name"] == "A" * 12


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_file_is_refused_by_the_check_with_bounded_memory(login, operator, case):
    make, message = HOSTILE[case]
    content = make()
    client = login(operator)
    client.get(reverse("partners:import"))  # warm: the first request of a run loads a lot

    with TestCase.captureOnCommitCallbacks(execute=False) as queued:
        response, request_peak, request_seconds, _rss = _measured(
            lambda: client.post(
                reverse("partners:import"), {"file": SimpleUploadedFile("mitra.xlsx", content)}
            )
        )
    partner_import = PartnerImport.objects.get()
    assert response["Location"] == partner_import.get_absolute_url()
    assert partner_import.status == PartnerImport.Status.PENDING  # stored, nothing parsed
    assert len(queued) == 1

    checked, peak, seconds, rss_growth = _measured(
        lambda: imports.partner_import_validate(import_id=partner_import.pk)
    )
    print(
        f"\n{case}: {len(content) / 1024:.1f} KB file; request {request_seconds:.2f} s, "
        f"peak {request_peak / MB:.1f} MB; check {seconds:.2f} s, peak {peak / MB:.1f} MB "
        f"traced, process peak RSS +{rss_growth / MB:.1f} MB"
    )
    assert checked.status == PartnerImport.Status.INVALID
    assert message in checked.errors[0]["message"]
    assert peak < HOSTILE_PEAK_LIMIT
    assert request_peak < HOSTILE_PEAK_LIMIT
    page = client.get(partner_import.get_absolute_url()).content.decode()
    assert message in page
    assert not Partner.objects.exists()


def test_largest_allowed_file_stays_under_100_mb(login, operator):
    """10,000 rows of the template's 14 columns: the biggest file the import takes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for number in range(10_000):
        sheet.append(
            [
                f"Lembaga Uji Coba Dengan Nama Yang Cukup Panjang {number:05d}",
                f"LUC{number}",
                "Perguruan Tinggi",
                "35",
                "35.02",
                f"Jl. Contoh Nomor {number}, Kelurahan Contoh, Kecamatan Contoh, Ponorogo",
                "Rektor",
                f"Dr. Pimpinan {number}",
                f"https://contoh{number}.ac.id",
                f"humas{number}@contoh.ac.id",
                "0352-481124",
                "Tidak",
                "",
                "Catatan singkat " * 5,
            ]
        )
    content = _saved(workbook)
    assert len(content) < 10 * MB
    with TestCase.captureOnCommitCallbacks(execute=False):
        login(operator).post(
            reverse("partners:import"), {"file": SimpleUploadedFile("mitra.xlsx", content)}
        )
    partner_import = PartnerImport.objects.get()
    checked, peak, seconds, rss_growth = _measured(
        lambda: imports.partner_import_validate(import_id=partner_import.pk)
    )
    print(
        f"\n10,000 rows: {len(content) / MB:.1f} MB file; check {seconds:.1f} s, peak "
        f"{peak / MB:.1f} MB traced, process peak RSS +{rss_growth / MB:.1f} MB"
    )
    assert checked.status == PartnerImport.Status.READY, checked.errors[:3]
    assert checked.total_rows == 10_000
    assert peak < 100 * MB


def test_longest_texts_the_limits_allow_stay_under_100_mb(login, operator):
    """1,000 rows each with a different 30,000-character note written inline in the sheet
    (31 MB unpacked, just under the sheet's cap; a small zip): the most text a file can
    make the check hold."""

    def rows(stream):
        header = b"".join(_inline(f"{chr(65 + index)}1", text) for index, text in enumerate(HEADER))
        stream.write(b'<?xml version="1.0"?><worksheet ' + NS + b"><sheetData>")
        stream.write(b'<row r="1">' + header + b"</row>")
        for number in range(2, 1002):
            stream.write(f'<row r="{number}">'.encode())
            stream.write(_inline(f"A{number}", f"Lembaga Uji {number:05d}"))
            stream.write(_inline(f"C{number}", "Perguruan Tinggi"))
            stream.write(_inline(f"N{number}", f"{number:05d}" + "x" * 29_995))
            stream.write(b"</row>")
        stream.write(b"</sheetData></worksheet>")

    content = _replace_part(_raw_xlsx(_one_shared_string(12)), "xl/worksheets/sheet1.xml", rows)
    with TestCase.captureOnCommitCallbacks(execute=False):
        login(operator).post(
            reverse("partners:import"), {"file": SimpleUploadedFile("mitra.xlsx", content)}
        )
    partner_import = PartnerImport.objects.get()
    checked, peak, seconds, rss_growth = _measured(
        lambda: imports.partner_import_validate(import_id=partner_import.pk)
    )
    print(
        f"\n1,000 notes of 30,000 characters: {len(content) / 1024:.0f} KB file; check "
        f"{seconds:.1f} s, peak {peak / MB:.1f} MB traced, process peak RSS "
        f"+{rss_growth / MB:.1f} MB"
    )
    assert checked.status == PartnerImport.Status.READY, checked.errors[:3]
    assert peak < 100 * MB
