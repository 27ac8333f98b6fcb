"""The Laporan Pelaksanaan Kerja Sama of an office for a period: its rows, the PDF and the
Excel workbook, and sending it upward (a row rendered by a worker, see tasks.py).

A report covers every signed agreement of the office (addenda excepted) whose term overlaps
the period, with the evaluations whose period ends inside it: a semester report holds the
semester's evaluations, the second semester's also the yearly ones of that year.
"""

import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from agreements.access import can_write_for
from agreements.models import Agreement, Kind
from agreements.selectors import with_time_status
from core.activity import log_activity
from core.idn import long_date
from core.pdf import html_to_pdf
from core.spreadsheets import safe_cell
from offices.models import Office

from .models import Activity, Evaluation, Recommendation, Report
from .selectors import (
    OPEN_STATES,
    SIGNED_STATES,
    Period,
    office_today,
    period_of,
    with_follow_up_flags,
    with_reach,
)

logger = logging.getLogger(__name__)
Status = Report.Status
MAX_ATTEMPTS = 3


@dataclass
class ReportRow:
    """One agreement of the report with its evaluation in the period (None: not evaluated)."""

    agreement: Agreement
    evaluation: Evaluation | None
    activities: list = field(default_factory=list)

    @property
    def partners(self) -> str:
        return partner_names(self.agreement)


@dataclass
class ReportData:
    office: Office
    period: Period
    today: datetime.date
    rows: list[ReportRow]

    @property
    def evaluated(self) -> list[ReportRow]:
        return [row for row in self.rows if row.evaluation and row.evaluation.score is not None]

    @property
    def participants(self) -> int:
        return sum(a.participants for row in self.rows for a in row.activities)

    @property
    def activity_count(self) -> int:
        return sum(len(row.activities) for row in self.rows)

    @property
    def average_score(self) -> Decimal | None:
        scores = [row.evaluation.score for row in self.evaluated]
        return (sum(scores) / len(scores)).quantize(Decimal("0.01")) if scores else None

    @property
    def recommendations(self) -> list[tuple[str, int]]:
        given = [row.evaluation.recommendation for row in self.evaluated]
        return [(label, given.count(value)) for value, label in Recommendation.choices]

    @property
    def no_follow_up(self) -> int:
        return sum(1 for row in self.rows if row.agreement.no_follow_up)


def report_data(office: Office, period: Period, today: datetime.date | None = None) -> ReportData:
    """The report's rows in a constant number of queries whatever the number of agreements."""
    today = today or office_today(office)
    in_period = Evaluation.objects.filter(period_end__gte=period.start, period_end__lte=period.end)
    started = Q(start_date__lte=period.end) | Q(start_date__isnull=True)
    not_over = Q(effective_end__gte=period.start) | Q(effective_end__isnull=True)
    evaluated = Exists(in_period.filter(agreement=OuterRef("pk")))
    agreements = (
        with_follow_up_flags(
            with_time_status(
                Agreement.objects.filter(office=office, state__in=SIGNED_STATES).exclude(
                    kind=Kind.ADDENDUM
                ),
                today,
            ),
            today,
        )
        .filter((started & not_over) | evaluated)
        .prefetch_related(
            "parties__partner",
            Prefetch(
                "evaluations",
                queryset=with_reach(in_period.order_by("period_end")).prefetch_related(
                    Prefetch("activities", queryset=Activity.objects.order_by("date", "pk"))
                ),
                to_attr="period_evaluations",
            ),
        )
        .order_by("kind", "signed_on", "pk")
    )
    rows = []
    for agreement in agreements:
        for evaluation in agreement.period_evaluations or [None]:
            activities = list(evaluation.activities.all()) if evaluation else []
            rows.append(ReportRow(agreement, evaluation, activities))
    return ReportData(office=office, period=period, today=today, rows=rows)


def partner_names(agreement: Agreement) -> str:
    parties = sorted(agreement.parties.all(), key=lambda party: party.position)
    return ", ".join(party.partner.name for party in parties)


# --- PDF and Excel ------------------------------------------------------------------------


def report_pdf(data: ReportData) -> bytes:
    """The report as PDF bytes (A4 landscape), through core.pdf. An official document: always
    Indonesian (labels and number format), whatever language the user reads the app in."""
    with translation.override("id"):
        html = render_to_string(
            "evaluations/report_pdf.html",
            {"data": data, "printed_on": long_date(data.today)},
        )
    return html_to_pdf(html)


XLSX_HEADER = [
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
]


def _xlsx_row(number: int, row: ReportRow) -> list:
    evaluation, agreement = row.evaluation, row.agreement
    activities = "; ".join(
        f"{a.date:%d-%m-%Y} {a.description} ({a.place}, {a.participants})" for a in row.activities
    )
    return [
        number,
        agreement.get_kind_display(),
        agreement.kpu_number,
        agreement.title,
        partner_names(agreement),
        evaluation.period_label if evaluation else _("Belum dievaluasi"),
        evaluation.get_implementation_status_display() if evaluation else "",
        len(row.activities),
        activities,
        sum(a.participants for a in row.activities),
        float(evaluation.score) if evaluation and evaluation.score is not None else None,
        evaluation.get_recommendation_display() if evaluation else "",
        evaluation.get_state_display() if evaluation else "",
        _("Ya") if agreement.no_follow_up else _("Tidak"),
    ]


def report_xlsx(data: ReportData) -> bytes:
    """The report as an xlsx workbook: a title block, then one row per agreement/evaluation."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Laporan")
    bold = Font(bold=True)
    sheet.append([_("LAPORAN PELAKSANAAN KERJA SAMA")])
    sheet.append([data.office.name])
    sheet.append([data.period.label])
    sheet.append([])
    sheet.append([str(h) for h in XLSX_HEADER])
    for cell in (sheet["A1"], *sheet[5]):
        cell.font = bold
    for number, row in enumerate(data.rows, start=1):
        sheet.append([safe_cell(value) for value in _xlsx_row(number, row)])
    widths = (5, 12, 28, 50, 30, 16, 16, 10, 60, 12, 8, 24, 14, 12)
    for column, width in zip("ABCDEFGHIJKLMN", widths, strict=True):
        sheet.column_dimensions[column].width = width
    for cells in sheet.iter_rows(min_row=6):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A6"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_filename(office: Office, period: Period, extension: str) -> str:
    code = office.letter_code or "ri"
    suffix = f"{period.year}" + (f"-s{period.semester}" if period.semester else "")
    return f"laporan-kerja-sama-{code}-{suffix}.{extension}"


# --- Sending upward -----------------------------------------------------------------------


def open_evaluations(office: Office, period: Period):
    """Evaluations of the office ending in the period that are still drafts or returned."""
    return Evaluation.objects.filter(
        agreement__office=office,
        period_end__gte=period.start,
        period_end__lte=period.end,
        state__in=OPEN_STATES,
    )


@transaction.atomic
def report_submit(*, user, office: Office, year: int, semester: int) -> Report:
    """Send the office's report for the period upward (again: it is rendered anew).

    Every evaluation of the office ending in the period must be submitted first. The PDF is
    rendered by a worker once the transaction commits.
    """
    if not can_write_for(user, office) or office.parent_id is None:
        raise PermissionDenied
    period = period_of(year, semester)
    pending = open_evaluations(office, period).count()
    if pending:
        raise ValidationError(
            _("Masih ada %(n)s evaluasi periode ini yang belum diajukan.") % {"n": pending}
        )
    now = timezone.now()
    report, created = Report.objects.select_for_update().get_or_create(
        office=office,
        year=year,
        semester=semester,
        defaults={"submitted_by": user, "submitted_at": now},
    )
    if not created:
        report.submissions = F("submissions") + 1
        report.status, report.error, report.attempts = Status.PENDING, "", 0
        report.submitted_by, report.submitted_at = user, now
        report.save()
        report.refresh_from_db()
    log_activity(
        subject=report,
        action="report.submitted",
        actor=user,
        message=_("Laporan %(period)s dikirim ke %(office)s.")
        % {"period": period.label, "office": office.parent},
    )
    transaction.on_commit(lambda: _queue_render(report.pk))
    return report


def _queue_render(report_id: int) -> None:
    from .tasks import render_report

    render_report.delay(report_id=report_id)


def report_render(*, report_id: int) -> Report | None:
    """Render a PENDING report's PDF; claims the row first, so a second delivery does nothing."""
    claimed = Report.objects.filter(pk=report_id, status=Status.PENDING).update(
        status=Status.RENDERING, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    if not claimed:
        return None
    report = Report.objects.select_related("office").get(pk=report_id)
    try:
        period = period_of(report.year, report.semester)
        content = report_pdf(report_data(report.office, period))
        old = report.pdf.name
        report.pdf.save(
            report_filename(report.office, period, "pdf"), ContentFile(content), save=False
        )
        report.status, report.error = Status.READY, ""
        report.save(update_fields=["pdf", "status", "error", "updated_at"])
        if old:
            report.pdf.storage.delete(old)
    except Exception as error:
        logger.exception("Rendering monev report %s failed", report_id)
        Report.objects.filter(pk=report_id).update(
            status=Status.FAILED, error=str(error)[:1000], updated_at=timezone.now()
        )
    return Report.objects.get(pk=report_id)


def reports_requeue(*, stale_after: datetime.timedelta = datetime.timedelta(minutes=10)) -> int:
    """Queue again the reports whose message was lost or whose worker died mid-render; one
    that died MAX_ATTEMPTS times is marked FAILED (the office can send it again).

    Safe next to a live render: the render claims its row. Returns how many were queued.
    """
    from .tasks import render_report

    now = timezone.now()
    stale = Report.objects.filter(updated_at__lt=now - stale_after)
    stale.filter(status=Status.RENDERING, attempts__gte=MAX_ATTEMPTS).update(
        status=Status.FAILED, error="Pembuatan PDF terhenti berulang kali.", updated_at=now
    )
    lost = list(
        stale.filter(status__in=[Status.PENDING, Status.RENDERING]).values_list("pk", flat=True)
    )
    stale.filter(pk__in=lost, status=Status.RENDERING).update(status=Status.PENDING, updated_at=now)
    for pk in lost:
        render_report.delay(report_id=pk)
    return len(lost)
