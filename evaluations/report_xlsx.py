"""The Laporan Pelaksanaan Kerja Sama as an xlsx workbook: every agreement of the office and
of the offices below it (sheet "Laporan"), and, for an office with offices below it, the
figures per office (sheet "Rekap"). Written with openpyxl's write-only mode while the rows
are read in batches, so memory stays flat at 100,000 agreements."""

from collections.abc import Iterator
from io import BytesIO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from agreements.models import Kind, Party
from core.spreadsheets import safe_cell

from .models import Activity, Evaluation, Recommendation, period_label
from .report_contents import ReportData
from .report_figures import Figures, evaluations_in, report_agreements, without_jit
from .selectors import with_follow_up_flags

BATCH = 2000

HEADER = [
    pgettext_lazy("nomor urut baris", "No"),
    gettext_lazy("Jenis"),
    gettext_lazy("Nomor KPU"),
    gettext_lazy("Tentang"),
    gettext_lazy("Mitra"),
    gettext_lazy("Periode"),
    gettext_lazy("Status pelaksanaan"),
    gettext_lazy("Jumlah kegiatan"),
    gettext_lazy("Kegiatan"),
    gettext_lazy("Peserta terjangkau"),
    gettext_lazy("Nilai"),
    gettext_lazy("Rekomendasi"),
    gettext_lazy("Status evaluasi"),
    gettext_lazy("Tanpa tindak lanjut"),
    gettext_lazy("Kantor"),
]
WIDTHS = (5, 12, 28, 50, 30, 16, 16, 10, 60, 12, 8, 24, 14, 12, 28)
SUMMARY_HEADER = [
    gettext_lazy("Kantor"),
    gettext_lazy("Kerja sama"),
    gettext_lazy("Tanpa tindak lanjut"),
    gettext_lazy("Evaluasi"),
    gettext_lazy("Sudah dinilai"),
    gettext_lazy("Rata-rata nilai"),
    gettext_lazy("Kegiatan"),
    gettext_lazy("Peserta terjangkau"),
    *Recommendation.labels,
]


class _Labels:
    """Choice labels looked up once per workbook (not one gettext per cell)."""

    def __init__(self):
        self.kind = {value: str(label) for value, label in Kind.choices}
        self.status = {value: str(label) for value, label in Evaluation.Status.choices}
        self.recommendation = {value: str(label) for value, label in Recommendation.choices}
        self.state = {value: str(label) for value, label in Evaluation.State.choices}
        self.yes, self.no, self.none = _("Ya"), _("Tidak"), _("Belum dievaluasi")
        self.periods: dict[tuple[int, int], str] = {}

    def period(self, year: int, semester: int) -> str:
        if (year, semester) not in self.periods:
            self.periods[year, semester] = period_label(year, semester)
        return self.periods[year, semester]


AGREEMENT_COLUMNS = ("pk", "kind", "kpu_number", "title", "no_follow_up", "office__name")
EVALUATION_COLUMNS = (
    "pk",
    "agreement_id",
    "year",
    "semester",
    "implementation_status",
    "score",
    "recommendation",
    "state",
)
ACTIVITY_COLUMNS = ("evaluation_id", "date", "description", "place", "participants")


def _grouped(rows, key: int = 0) -> dict:
    groups: dict = {}
    for row in rows:
        groups.setdefault(row[key], []).append(row)
    return groups


def _batches(items, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def report_lines(data: ReportData, batch: int = BATCH) -> Iterator[list]:
    """Every row of the sheet for the office and the offices below it, by office: the
    agreements read from one cursor in batches of `batch`, each batch with three queries
    (parties, the period's evaluations, their activities) and no model instances."""
    labels = _Labels()
    agreements = (
        with_follow_up_flags(report_agreements(data.period, data.office_ids), data.today)
        .order_by("office__code", "kind", "signed_on", "pk")
        .values_list(*AGREEMENT_COLUMNS)
    )
    number = 0
    with without_jit():
        for chunk in _batches(agreements.iterator(chunk_size=batch), batch):
            ids = [row[0] for row in chunk]
            parties = _grouped(
                Party.objects.filter(agreement_id__in=ids)
                .order_by("agreement_id", "position", "pk")
                .values_list("agreement_id", "partner__name")
            )
            evaluations = list(
                evaluations_in(data.period)
                .filter(agreement_id__in=ids)
                .order_by("period_end", "pk")
                .values_list(*EVALUATION_COLUMNS)
            )
            activities = _grouped(
                Activity.objects.filter(evaluation_id__in=[e[0] for e in evaluations])
                .order_by("date", "pk")
                .values_list(*ACTIVITY_COLUMNS)
            )
            by_agreement = _grouped(evaluations, key=1)
            for agreement in chunk:
                partners = ", ".join(name for _id, name in parties.get(agreement[0], []))
                for evaluation in by_agreement.get(agreement[0], [None]):
                    done = activities.get(evaluation[0], []) if evaluation else []
                    number += 1
                    yield _line(number, agreement, partners, evaluation, done, labels)


def _line(number, agreement, partners, evaluation, activities, labels: _Labels) -> list:
    _pk, kind, kpu_number, title, no_follow_up, office = agreement
    line = [number, labels.kind.get(kind, kind), kpu_number, title, partners]
    if evaluation is None:
        line += [labels.none, "", 0, "", 0, None, "", ""]
    else:
        _pk, _agreement, year, semester, status, score, recommendation, state = evaluation
        line += [
            labels.period(year, semester),
            labels.status.get(status, ""),
            len(activities),
            "; ".join(f"{a[1]:%d-%m-%Y} {a[2]} ({a[3]}, {a[4]})" for a in activities),
            sum(a[4] for a in activities),
            float(score) if score is not None else None,
            labels.recommendation.get(recommendation, ""),
            labels.state.get(state, ""),
        ]
    return [*line, labels.yes if no_follow_up else labels.no, office]


def _summary_row(name: str, figures: Figures) -> list:
    average = figures.average_score
    return [
        name,
        figures.agreements,
        figures.no_follow_up,
        figures.evaluations,
        figures.evaluated,
        float(average) if average is not None else None,
        figures.activities,
        figures.participants,
        *figures.recommendation_counts,
    ]


def _bold(sheet, values) -> list:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=safe_cell(str(value)))
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def _title(sheet, data: ReportData, header) -> None:
    sheet.append(_bold(sheet, [_("LAPORAN PELAKSANAAN KERJA SAMA")]))
    sheet.append([data.office.name])
    sheet.append([data.period.label])
    sheet.append([])
    sheet.append(_bold(sheet, header))


def write_report_xlsx(data: ReportData, file) -> None:
    """Write the workbook to `file` (a path or a binary file object)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Laporan"))
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A6"
    _title(sheet, data, HEADER)
    for line in report_lines(data):
        sheet.append([safe_cell(value) for value in line])
    if data.children:
        summary = workbook.create_sheet(title=_("Rekap"))
        summary.column_dimensions["A"].width = 40
        summary.freeze_panes = "B6"
        _title(summary, data, SUMMARY_HEADER)
        own = _("%(office)s (kantor sendiri)") % {"office": data.office.name}
        summary.append([safe_cell(value) for value in _summary_row(own, data.own)])
        for child, figures in data.children:
            summary.append([safe_cell(value) for value in _summary_row(child.name, figures)])
        summary.append(_summary_row(_("Jumlah"), data.totals))
    workbook.save(file)


def report_xlsx(data: ReportData) -> bytes:
    """The workbook as bytes."""
    buffer = BytesIO()
    write_report_xlsx(data, buffer)
    return buffer.getvalue()
