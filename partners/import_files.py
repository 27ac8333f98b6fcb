"""The partner import file format: its columns, reading it, and refusing unusable files.

The request only checks an upload's size and first bytes (`check_upload`) and stores it;
the validation task reads it here, after `import_guard` has bounded what reading can cost,
and the rows themselves are checked in `partners.import_rows`.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from core.uploads import sniff_kind

from .import_guard import (
    MAX_COLUMNS,
    Extent,
    SheetScan,
    check_shared_strings,
    formula_message,
    guarded,
    open_archive,
    unreadable,
)

MAX_IMPORT_BYTES = 10 * 1024 * 1024
# A bound on the work one upload can cause (one import runs in one transaction).
MAX_IMPORT_ROWS = 10_000


@dataclass(frozen=True)
class Column:
    """One column of the template; `header` is the file format, so it is not translated."""

    key: str
    header: str
    help: Promise
    example: str = ""

    @property
    def label(self) -> str:
        return self.header.rstrip("*")

    @property
    def required(self) -> bool:
        return self.header.endswith("*")


IMPORT_COLUMNS = (
    Column(
        "name",
        "Nama*",
        gettext_lazy("Wajib. Nama resmi lembaga, ditulis lengkap."),
        "Universitas Muhammadiyah Ponorogo",
    ),
    Column("short_name", "Singkatan", gettext_lazy("Boleh kosong. Mis. UMPO."), "UMPO"),
    Column(
        "category",
        "Kategori*",
        gettext_lazy("Wajib. Salah satu kategori dalam daftar di bawah."),
        "Perguruan Tinggi",
    ),
    Column(
        "province_code",
        "Kode Provinsi",
        gettext_lazy("Boleh kosong. Kode wilayah Kemendagri provinsi, mis. 35 (Jawa Timur)."),
        "35",
    ),
    Column(
        "regency_code",
        "Kode Kabupaten/Kota",
        gettext_lazy(
            "Boleh kosong. Kode Kemendagri bertitik, mis. 35.02 (Kabupaten Ponorogo); "
            "harus berada di provinsi yang diisi."
        ),
        "35.02",
    ),
    Column("address", "Alamat", gettext_lazy("Boleh kosong."), "Jl. Budi Utomo No. 10, Ponorogo"),
    Column(
        "leader_title",
        "Jabatan Pimpinan",
        gettext_lazy(
            "Lengkap, seperti tertulis pada naskah: mis. Rektor Universitas Muhammadiyah Ponorogo."
        ),
        "Rektor Universitas Muhammadiyah Ponorogo",
    ),
    Column("leader_name", "Nama Pimpinan", gettext_lazy("Boleh kosong."), "Dr. Nama Pimpinan"),
    Column("website", "Situs Web", gettext_lazy("Mis. https://umpo.ac.id"), "https://umpo.ac.id"),
    Column("email", "Email", gettext_lazy("Alamat email lembaga."), "humas@umpo.ac.id"),
    Column(
        "phone",
        "Telepon",
        gettext_lazy("Ketik sebagai teks agar angka 0 di depan tidak hilang."),
        "0352-481124",
    ),
    Column(
        "is_affiliated",
        "Terafiliasi (Ya/Tidak)",
        gettext_lazy(
            "Ya bila mitra terafiliasi dengan partai politik atau peserta pemilu; "
            "Tidak atau kosong bila tidak."
        ),
        "Tidak",
    ),
    Column(
        "affiliation_explanation",
        "Penjelasan Afiliasi",
        gettext_lazy("Wajib bila Terafiliasi = Ya."),
    ),
    Column("notes", "Catatan", gettext_lazy("Boleh kosong.")),
)
COLUMNS_BY_KEY = {column.key: column for column in IMPORT_COLUMNS}


def _header_key(text) -> str:
    """'Terafiliasi (Ya/Tidak)' and 'terafiliasi' match; so do 'Nama*' and 'NAMA'."""
    text = re.sub(r"\(.*?\)", "", str(text)).replace("*", "")
    return " ".join(text.split()).casefold()


HEADERS = {_header_key(column.header): column for column in IMPORT_COLUMNS}


def _filled(value) -> bool:
    return value is not None and str(value).strip() != ""


def cell_text(key: str, value) -> str:
    """A cell as text. Excel turns a typed 35.10 into the number 35.1: put the zero back."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, float):
        if key == "regency_code":
            return f"{value:.2f}"
        if value.is_integer():
            return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


@contextmanager
def open_sheet(fileobj):
    """(first worksheet, its used extent) of an xlsx that passed the checks of
    `import_guard`; read-only, with formulas left as formulas. ValidationError otherwise."""
    archive = guarded(open_archive, fileobj)
    workbook = None
    try:
        guarded(check_shared_strings, archive, (MAX_IMPORT_ROWS + 1) * MAX_COLUMNS)
        fileobj.seek(0)
        try:
            workbook = load_workbook(fileobj, read_only=True, data_only=False)
        except Exception as exc:  # openpyxl fails in many ways on damaged or foreign files
            raise unreadable() from exc
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        extent = Extent()
        if sheet is not None:
            scan = SheetScan(max_rows=MAX_IMPORT_ROWS + 1, template_columns=len(IMPORT_COLUMNS))
            extent = guarded(scan.run, archive, sheet._worksheet_path)
        yield sheet, extent
    finally:
        if workbook is not None:
            workbook.close()
        archive.close()


def _lines(sheet, extent: Extent) -> Iterator[tuple[int, tuple]]:
    """(row number as Excel shows it, cells) for every row of the used extent, the header
    being row 1. The extent bounds openpyxl, which would otherwise fill every gap up to the
    last row or column the file mentions."""
    if sheet is None or not extent.rows:
        return
    rows = sheet.iter_rows(min_row=1, max_row=extent.rows, max_col=extent.columns)
    yield from enumerate(rows, start=1)


def column_map(header: tuple) -> dict[int, Column]:
    """Cell index → Column, from the header row; ValidationError naming bad columns."""
    found: dict[int, Column] = {}
    unknown, doubled = [], []
    for index, cell in enumerate(header):
        if not _filled(cell.value):
            continue
        column = HEADERS.get(_header_key(cell.value))
        if column is None:
            unknown.append(str(cell.value).strip())
        elif column in found.values():
            doubled.append(column.label)
        else:
            found[index] = column
    missing = [c.label for c in IMPORT_COLUMNS if c.required and c not in found.values()]
    problems = []
    if missing:
        problems.append(_("Kolom wajib tidak ada: %(columns)s.") % {"columns": ", ".join(missing)})
    if unknown:
        problems.append(
            _("Kolom tidak dikenal: %(columns)s. Pakai judul kolom dari templat.")
            % {"columns": ", ".join(unknown)}
        )
    if doubled:
        problems.append(_("Kolom ganda: %(columns)s.") % {"columns": ", ".join(doubled)})
    if problems:
        raise ValidationError(problems, code="columns")
    return found


def row_values(cells: tuple, columns: dict[int, Column]) -> dict[str, str]:
    """The text of every template column in one row ('' for columns the file lacks)."""
    values = dict.fromkeys(COLUMNS_BY_KEY, "")
    for index, column in columns.items():
        if index < len(cells):
            values[column.key] = cell_text(column.key, cells[index].value)
    return values


def data_rows(fileobj) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, values) for each non-empty data row of an import file.

    ValidationError (Indonesian) for a file that cannot be imported as a whole: unreadable,
    too large once unpacked, beyond 10,000 rows or the template's columns, a formula, a
    value in a column without a known header, wrong or missing columns.
    """
    with open_sheet(fileobj) as (sheet, extent):
        lines = _lines(sheet, extent)
        _number, header = next(lines, (1, ()))
        _refuse_formulas(1, header)
        columns = column_map(header)
        for number, cells in lines:
            _refuse_formulas(number, cells)
            _refuse_unlabelled(number, cells, columns)
            values = row_values(cells, columns)
            if any(values.values()):
                yield number, values


def sheet_extent(fileobj) -> Extent:
    """The used extent alone (the checks of `import_guard` run; no row is loaded)."""
    with open_sheet(fileobj) as (_sheet, extent):
        return extent


def _refuse_formulas(number: int, cells: tuple) -> None:
    for index, cell in enumerate(cells, start=1):
        value = getattr(cell, "value", None)
        if cell.data_type == "f" or (isinstance(value, str) and value.startswith("=")):
            raise ValidationError(
                formula_message(f"{get_column_letter(index)}{number}"), code="formula"
            )


def _refuse_unlabelled(number: int, cells: tuple, columns: dict[int, Column]) -> None:
    for index, cell in enumerate(cells):
        if index not in columns and _filled(cell.value):
            raise ValidationError(
                _("Sel %(cell)s berisi data di kolom tanpa judul yang dikenal.")
                % {"cell": f"{get_column_letter(index + 1)}{number}"},
                code="columns",
            )


def check_upload(upload) -> None:
    """What the request checks before storing an upload: its size (counted while it streamed
    in, see core.uploads) and that its content starts as an xlsx. Everything else is checked
    by the validation task."""
    if upload.size > MAX_IMPORT_BYTES:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s MB); batasnya %(limit)s MB.")
            % {
                "size": round(upload.size / 1024 / 1024, 1),
                "limit": MAX_IMPORT_BYTES // 1024 // 1024,
            },
            code="too_large",
        )
    upload.seek(0)
    kind = sniff_kind(upload.read(8))
    upload.seek(0)
    if kind != "xlsx":
        raise ValidationError(
            _(
                "Berkas ini bukan berkas Excel (.xlsx). Bila berkas Anda .xls atau .csv, "
                "buka di Excel lalu simpan sebagai Excel Workbook (.xlsx)."
            ),
            code="bad_type",
        )
