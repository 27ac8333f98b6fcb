"""Checks on an import xlsx before openpyxl loads any of it, each with a bounded memory.

An xlsx is a zip of XML parts. A few KB of zip can declare a million rows, a cell in column
XFD or a 50 MB string, and openpyxl would build all of it. So, in order:
1. the zip's own directory: how many parts, and how large each is once unpacked (zipfile never
   unpacks more than a part declares, so the declared sizes bound every later read);
2. no part declares a DTD (entity expansion);
3. the shared strings: how many, and none longer than Excel's 32,767 characters;
4. the first sheet, streamed: its real extent (cells that hold something, not the declared
   <dimension>), no cell beyond the template's columns, no formula, no long text.
The sheet is then read by openpyxl within that extent only (see import_files.open_sheet).
"""

import struct
import zipfile
from dataclasses import dataclass
from xml.parsers import expat

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.utils import column_index_from_string, get_column_letter

MAX_PARTS = 200
# Unpacked sizes. A full template (10,000 rows × 14 columns) is a sheet of about 6 MB with
# shared strings, 13 MB with inline strings; every character read may end up held by the row
# check, so these bound the memory of a check (about 70 MB at worst).
MAX_SHEET_BYTES = 32 * 1024 * 1024  # a worksheet
MAX_PART_BYTES = 16 * 1024 * 1024  # any other part (shared strings, styles…)
MAX_TOTAL_BYTES = 64 * 1024 * 1024
MAX_COLUMNS = 30
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
CHUNK = 64 * 1024
SHARED_STRINGS_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)
WORKSHEET_SUFFIX = "worksheet+xml"


class Refused(Exception):
    """Raised inside an XML handler to stop the parse at once."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.error = ValidationError(message, code=code)


@dataclass
class Extent:
    """The used area of a sheet: the last row and column holding a value (0 when none)."""

    rows: int = 0
    columns: int = 0


def unreadable() -> ValidationError:
    return ValidationError(
        _("Berkas Excel tidak dapat dibaca. Simpan ulang sebagai Excel Workbook (.xlsx)."),
        code="unreadable",
    )


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _declared_entries(fileobj) -> int:
    """The number of parts the zip's end record declares, read before zipfile builds its
    directory (a 10 MB zip may declare 200,000 tiny parts)."""
    fileobj.seek(0, 2)
    size = fileobj.tell()
    tail_size = min(size, 22 + 65_535)
    fileobj.seek(size - tail_size)
    tail = fileobj.read(tail_size)
    fileobj.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        raise unreadable()
    return struct.unpack("<4s4H2LH", tail[at : at + 22])[4]


def check_parts(archive: zipfile.ZipFile) -> None:
    """Every part's unpacked size within its limit, no encryption, no exotic compression."""
    total = 0
    for info in archive.infolist():
        limit = MAX_SHEET_BYTES if "worksheets/" in info.filename else MAX_PART_BYTES
        if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, 8):
            raise ValidationError(
                _(
                    "Berkas Excel ini terkunci atau dimampatkan dengan cara yang tidak dikenal. "
                    "Simpan ulang sebagai Excel Workbook (.xlsx)."
                ),
                code="unreadable",
            )
        total += info.file_size
        if info.file_size > limit or total > MAX_TOTAL_BYTES:
            raise ValidationError(
                _(
                    "Isi berkas Excel terlalu besar setelah dibuka (%(size)s MB di bagian "
                    "%(part)s; batasnya %(limit)s MB). Berkas impor cukup berisi data mitra."
                )
                % {
                    "size": _thousands(round(info.file_size / 1024 / 1024)),
                    "part": info.filename[:80],
                    "limit": limit // 1024 // 1024,
                },
                code="too_large",
            )


def _parse(archive: zipfile.ZipFile, name: str, parser) -> None:
    """Feed one part to an expat parser in chunks; a DTD anywhere is refused."""

    def no_dtd(*_args):
        raise Refused(_("Berkas Excel ini memuat deklarasi DTD yang tidak diizinkan."), "dtd")

    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    parser.buffer_text = True
    with archive.open(name) as part:
        while chunk := part.read(CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _parts_of_type(archive: zipfile.ZipFile, content_type: str) -> list[str]:
    """Part names of a content type, from [Content_Types].xml."""
    found = []

    def start(name, attrs):
        if _local(name) == "Override" and attrs.get("ContentType", "").endswith(content_type):
            found.append(attrs.get("PartName", "").lstrip("/"))

    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = start
    _parse(archive, "[Content_Types].xml", parser)
    return found


def check_shared_strings(archive: zipfile.ZipFile, max_strings: int) -> None:
    """At most `max_strings` shared strings, none over 32,767 characters."""
    for name in _parts_of_type(archive, SHARED_STRINGS_TYPE):
        if name not in archive.NameToInfo:
            continue
        state = {"count": 0, "chars": 0, "in_text": 0}

        def start(tag, _attrs, state=state):
            tag = _local(tag)
            if tag == "si":
                state["count"] += 1
                state["chars"] = 0
                if state["count"] > max_strings:
                    raise Refused(
                        _("Berkas berisi terlalu banyak teks (lebih dari %(limit)s isian).")
                        % {"limit": _thousands(max_strings)},
                        "too_many_strings",
                    )
            elif tag == "t":
                state["in_text"] += 1

        def end(tag, state=state):
            if _local(tag) == "t":
                state["in_text"] -= 1

        def text(data, state=state):
            if state["in_text"]:
                state["chars"] += len(data)
                if state["chars"] > MAX_CELL_CHARS:
                    raise Refused(long_text_message(None), "long_text")

        parser = expat.ParserCreate(namespace_separator="}")
        parser.StartElementHandler, parser.EndElementHandler = start, end
        parser.CharacterDataHandler = text
        _parse(archive, name, parser)


def long_text_message(cell: str | None) -> str:
    limit = _thousands(MAX_CELL_CHARS)
    if cell is None:
        return _(
            "Berkas berisi teks lebih dari %(limit)s karakter dalam satu sel (batas Excel)."
        ) % {"limit": limit}
    return _("Sel %(cell)s berisi lebih dari %(limit)s karakter.") % {"cell": cell, "limit": limit}


def open_archive(fileobj) -> zipfile.ZipFile:
    """The xlsx as a zip, once its directory and parts passed the checks above."""
    if _declared_entries(fileobj) > MAX_PARTS:
        raise ValidationError(
            _("Berkas Excel ini berisi terlalu banyak bagian; simpan ulang sebagai .xlsx biasa."),
            code="too_many_parts",
        )
    try:
        archive = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise unreadable() from exc
    check_parts(archive)
    return archive


def guarded(check, *args):
    """Run one streamed check; its refusal, or a broken part, as a ValidationError."""
    try:
        return check(*args)
    except Refused as refused:
        raise refused.error from None
    except (expat.ExpatError, zipfile.BadZipFile, KeyError, EOFError, OSError, ValueError) as exc:
        raise unreadable() from exc


def column_of(ref: str) -> int:
    letters = ref.rstrip("0123456789")
    return column_index_from_string(letters) if letters else 0


def row_of(ref: str) -> int:
    digits = ref[len(ref.rstrip("0123456789")) :]
    return int(digits) if digits else 0


def cell_ref(row: int, column: int) -> str:
    return f"{get_column_letter(min(column, 16_384))}{row}"


class SheetScan:
    """One streamed pass over a worksheet's XML: its extent, and a refusal at the first cell
    beyond `max_rows` × MAX_COLUMNS, data beyond `template_columns` (below the header), a
    formula, or a text over 32,767 characters."""

    def __init__(self, *, max_rows: int, template_columns: int):
        self.max_rows, self.template_columns = max_rows, template_columns
        self.max_elements = max_rows * MAX_COLUMNS * 4
        self.extent = Extent()
        self.elements = self.row = self.column = self.chars = 0
        self.in_cell = self.in_text = False

    def start(self, tag: str, attrs: dict) -> None:
        tag = _local(tag)
        self.elements += 1
        if self.elements > self.max_elements:
            raise Refused(
                _("Lembar berisi terlalu banyak unsur untuk berkas impor; pakai templat impor."),
                "too_many_cells",
            )
        if tag == "row":
            self.row = row_of(attrs.get("r", "")) or self.row + 1
            self.column = 0
        elif tag == "c":
            self._cell(attrs.get("r", ""))
        elif self.in_cell and tag == "f":
            raise Refused(formula_message(cell_ref(self.row, self.column)), "formula")
        elif self.in_cell and tag in ("v", "t"):
            self.in_text = True

    def _cell(self, ref: str) -> None:
        self.row = row_of(ref) or self.row
        self.column = column_of(ref) or self.column + 1
        self.in_cell, self.chars = True, 0
        if self.row > self.max_rows:
            raise Refused(too_many_rows_message(self.max_rows - 1), "too_many_rows")
        if self.column > MAX_COLUMNS:
            raise Refused(
                _(
                    "Lembar berisi sel sampai kolom %(column)s; berkas impor paling lebar "
                    "%(limit)s kolom. Hapus kolom di luar tabel, atau salin datanya ke templat."
                )
                % {"column": get_column_letter(min(self.column, 16_384)), "limit": MAX_COLUMNS},
                "too_wide",
            )

    def end(self, tag: str) -> None:
        tag = _local(tag)
        if tag in ("v", "t"):
            self.in_text = False
        elif tag == "c":
            self.in_cell = False
            if self.chars:
                self._valued()

    def _valued(self) -> None:
        if self.row > 1 and self.column > self.template_columns:
            raise Refused(
                _(
                    "Sel %(cell)s berisi data di luar kolom templat (A–%(last)s). Hapus isinya "
                    "atau pakai templat impor."
                )
                % {
                    "cell": cell_ref(self.row, self.column),
                    "last": get_column_letter(self.template_columns),
                },
                "columns",
            )
        self.extent.rows = max(self.extent.rows, self.row)
        self.extent.columns = max(self.extent.columns, self.column)

    def text(self, data: str) -> None:
        if self.in_text:
            self.chars += len(data)
            if self.chars > MAX_CELL_CHARS:
                raise Refused(long_text_message(cell_ref(self.row, self.column)), "long_text")

    def run(self, archive: zipfile.ZipFile, name: str) -> Extent:
        parser = expat.ParserCreate(namespace_separator="}")
        parser.StartElementHandler, parser.EndElementHandler = self.start, self.end
        parser.CharacterDataHandler = self.text
        _parse(archive, name, parser)
        return self.extent


def formula_message(cell: str) -> str:
    return _(
        "Sel %(cell)s berisi rumus (formula). Berkas impor hanya boleh berisi "
        "nilai: salin lalu tempel sebagai nilai (Paste Values), kemudian unggah lagi."
    ) % {"cell": cell}


def too_many_rows_message(limit: int) -> str:
    return _("Berkas berisi lebih dari %(limit)s baris data; bagilah berkasnya.") % {
        "limit": _thousands(limit)
    }
