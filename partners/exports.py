"""Spreadsheets the registry hands out: the filtered partner list and the import template."""

from collections.abc import Iterator
from io import BytesIO

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from core.spreadsheets import safe_cell

from .import_files import IMPORT_COLUMNS
from .models import Partner

EXPORT_HEADER = [
    gettext_lazy("Nama"),
    gettext_lazy("Singkatan"),
    gettext_lazy("Kategori"),
    gettext_lazy("Organisasi Induk"),
    gettext_lazy("Alamat"),
    gettext_lazy("Provinsi"),
    gettext_lazy("Kabupaten/Kota"),
    gettext_lazy("Jabatan Pimpinan"),
    gettext_lazy("Nama Pimpinan"),
    gettext_lazy("Situs Web"),
    gettext_lazy("Email"),
    gettext_lazy("Telepon"),
    gettext_lazy("Didaftarkan Oleh"),
    gettext_lazy("Terafiliasi"),
    gettext_lazy("Penjelasan Afiliasi"),
    gettext_lazy("Catatan"),
]
EXPORT_RELATED = ("parent", "province", "regency", "registered_by")


def export_queryset(queryset: QuerySet) -> QuerySet:
    """The list's queryset with what one export row needs, in name order (one query)."""
    return queryset.select_related(*EXPORT_RELATED).order_by("name", "pk")


def _region(office) -> str:
    return office.region_name if office else ""


def partner_row(partner: Partner, yes: str, no: str) -> list[str]:
    return [
        partner.name,
        partner.short_name,
        partner.get_category_display(),
        partner.parent.name if partner.parent else "",
        partner.address,
        _region(partner.province),
        _region(partner.regency),
        partner.leader_title,
        partner.leader_name,
        partner.website,
        partner.email,
        partner.phone,
        partner.registered_by.name,
        yes if partner.is_affiliated else no,
        partner.affiliation_explanation,
        partner.notes,
    ]


def export_rows(queryset: QuerySet) -> Iterator[list[str]]:
    """One list per partner, read in chunks so memory stays flat for any registry size."""
    yes, no = _("Ya"), _("Tidak")
    for partner in queryset.iterator(chunk_size=1000):
        yield partner_row(partner, yes, no)


def export_filename(extension: str) -> str:
    return f"mitra-{timezone.localdate():%Y-%m-%d}.{extension}"


def _template_sheet(workbook: Workbook) -> None:
    sheet = workbook.active
    sheet.title = "Mitra"
    sheet.append([column.header for column in IMPORT_COLUMNS])
    sheet.append([safe_cell(column.example) for column in IMPORT_COLUMNS])
    for index, column in enumerate(IMPORT_COLUMNS, start=1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(14, len(column.header) + 4)
        # Text cells: codes keep their dots and phone numbers their leading zero.
        sheet.column_dimensions[letter].number_format = "@"
        sheet.cell(row=2, column=index).number_format = "@"
    sheet.freeze_panes = "A2"


def _instructions_sheet(workbook: Workbook) -> None:
    sheet = workbook.create_sheet("Petunjuk")
    lines = [
        [_("Petunjuk pengisian templat impor mitra")],
        [_("Isi satu mitra per baris pada lembar Mitra, mulai baris 2. Hapus baris contoh.")],
        [_("Kolom bertanda * wajib diisi. Jangan mengubah judul kolom; jangan memakai rumus.")],
        [
            _(
                "Kode wilayah memakai kode Kemendagri: provinsi dua angka (mis. 35), "
                "kabupaten/kota bertitik (mis. 35.02)."
            )
        ],
        [],
        [_("Kolom"), _("Keterangan")],
        *[[column.header, str(column.help)] for column in IMPORT_COLUMNS],
        [],
        [_("Kategori yang berlaku")],
        *[[str(label)] for _value, label in Partner.Category.choices],
    ]
    for line in lines:
        sheet.append([safe_cell(text) for text in line])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 90
    for row in sheet.iter_rows(min_col=2, max_col=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")


def import_template() -> bytes:
    """The xlsx users fill in: the Mitra sheet (header + one example) and a Petunjuk sheet."""
    workbook = Workbook()
    _template_sheet(workbook)
    _instructions_sheet(workbook)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
