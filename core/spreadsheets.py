"""Spreadsheets the app hands out: formula-safe cells, streamed CSV and write-only xlsx.

A value such as `=HYPERLINK("http://evil","klik")` typed into a form must reach Excel as text,
never as a formula (CSV/formula injection, OWASP). Every export goes through `safe_cell`.
"""

import csv
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

# Leading characters that make Excel, LibreOffice or Google Sheets evaluate a cell.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value: Any) -> Any:
    """`value` unchanged, except text that a spreadsheet would evaluate gets a leading `'`.

    The apostrophe is Excel's own "this is text" marker; openpyxl also stops treating the
    string as a formula (it only does so for strings starting with "=").
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class _Echo:
    """A file-like object whose write() hands the line back, for streaming csv.writer."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    # The BOM makes Excel read the file as UTF-8 (names with é, ñ, Arabic script …).
    yield "\ufeff" + writer.writerow([safe_cell(str(h)) for h in header])
    for row in rows:
        yield writer.writerow([safe_cell("" if v is None else v) for v in row])


def csv_response(filename: str, header: list[str], rows: Iterable[list]) -> StreamingHttpResponse:
    """Stream `rows` as a UTF-8 (with BOM) CSV attachment; the rows are read lazily."""
    response = StreamingHttpResponse(
        _csv_lines(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def write_xlsx(file, title: str, header: list[str], rows: Iterable[list]) -> None:
    """Write one sheet to `file` with openpyxl's write-only mode (constant memory per row)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    heading = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=safe_cell(str(text)))
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    workbook.save(file)


def xlsx_response(filename: str, title: str, header: list[str], rows: Iterable[list]):
    """An xlsx attachment built in a temporary file and streamed from it."""
    buffer = tempfile.TemporaryFile()  # noqa: SIM115 — FileResponse closes it when sent
    write_xlsx(buffer, title, header, rows)
    buffer.seek(0)
    response = FileResponse(
        buffer, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )
    response["Cache-Control"] = "private, no-store"
    return response
