"""The partner import file format: its columns, reading it, and refusing unusable uploads.

An upload is checked as a whole before anything is stored (size, content, columns, data,
formulas); the rows themselves are checked in `partners.imports`.
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
        "leader_title", "Jabatan Pimpinan", gettext_lazy("Mis. Rektor, Kepala Dinas."), "Rektor"
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
    """The first worksheet of an xlsx, read-only and with formulas left as formulas."""
    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl fails in many ways on damaged or foreign files
        raise ValidationError(
            _("Berkas Excel tidak dapat dibaca. Simpan ulang sebagai Excel Workbook (.xlsx)."),
            code="unreadable",
        ) from exc
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is not None:
            # Some programs write a wrong size into the file; read every row regardless.
            sheet.reset_dimensions()
        yield sheet
    finally:
        workbook.close()


def _lines(sheet) -> Iterator[tuple[int, tuple]]:
    """(row number as Excel shows it, cells) for every row, the header being row 1."""
    if sheet is None:
        return
    yield from enumerate(sheet.iter_rows(), start=1)


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
    """(row number, values) for each non-empty data row of an import file."""
    with open_sheet(fileobj) as sheet:
        lines = _lines(sheet)
        _number, header = next(lines, (1, ()))
        columns = column_map(header)
        for number, cells in lines:
            values = row_values(cells, columns)
            if any(values.values()):
                yield number, values


def _refuse_formulas(number: int, cells: tuple) -> None:
    for index, cell in enumerate(cells, start=1):
        value = getattr(cell, "value", None)
        if cell.data_type == "f" or (isinstance(value, str) and value.startswith("=")):
            raise ValidationError(
                _(
                    "Sel %(cell)s berisi rumus (formula). Berkas impor hanya boleh berisi "
                    "nilai: salin lalu tempel sebagai nilai (Paste Values), kemudian unggah lagi."
                )
                % {"cell": f"{get_column_letter(index)}{number}"},
                code="formula",
            )


def _refuse_unlabelled(number: int, cells: tuple, columns: dict[int, Column]) -> None:
    for index, cell in enumerate(cells):
        if index not in columns and _filled(cell.value):
            raise ValidationError(
                _("Sel %(cell)s berisi data di kolom tanpa judul yang dikenal.")
                % {"cell": f"{get_column_letter(index + 1)}{number}"},
                code="columns",
            )


def _check_size_and_kind(upload) -> None:
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


def inspect_upload(upload) -> int:
    """The number of data rows of an acceptable upload; ValidationError (Indonesian) if not.

    Refused: over 10 MB, not an xlsx by content, unreadable, wrong or missing columns, no
    data rows, too many rows, and any formula (a formula's value is not what was reviewed).
    """
    _check_size_and_kind(upload)
    count = 0
    with open_sheet(upload) as sheet:
        lines = _lines(sheet)
        _number, header = next(lines, (1, ()))
        _refuse_formulas(1, header)
        columns = column_map(header)
        for number, cells in lines:
            _refuse_formulas(number, cells)
            _refuse_unlabelled(number, cells, columns)
            count += any(row_values(cells, columns).values())
            if count > MAX_IMPORT_ROWS:
                limit = f"{MAX_IMPORT_ROWS:,}".replace(",", ".")
                message = _("Berkas berisi lebih dari %(limit)s baris data; bagilah berkasnya.")
                raise ValidationError(message % {"limit": limit}, code="too_many_rows")
    upload.seek(0)
    if count == 0:
        raise ValidationError(
            _("Berkas tidak berisi data mitra: isi baris mulai baris 2, di bawah judul kolom."),
            code="empty",
        )
    return count
