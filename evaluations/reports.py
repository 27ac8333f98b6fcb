"""The Laporan Pelaksanaan Kerja Sama of an office for a period: its data, the PDF and the
Excel workbook, and sending it upward (a row rendered by a worker, see tasks.py).

The figures are aggregated in SQL per office (report_figures.py): an office with offices
below it reports each child office rolled up over its subtree and lists only its own
agreements; the Excel workbook lists every agreement of the subtree, streamed in batches.
"""

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.activity import log_activity
from core.idn import long_date
from core.jobs import Job
from core.pdf import html_to_pdf
from offices.models import Office, Official

from .access import can_report
from .models import Evaluation, Report, ReportRender
from .report_contents import ReportData, report_data
from .report_xlsx import report_xlsx
from .selectors import OPEN_STATES, Period, period_of

__all__ = ["ReportData", "report_data", "report_pdf", "report_xlsx", "report_submit"]
logger = logging.getLogger(__name__)
Status = Report.Status
MAX_ATTEMPTS = 3
# The render's claim, for a sent Report and a ReportRender alike: PENDING → RENDERING.
RENDER = Job(Status.PENDING, Status.RENDERING)


# --- PDF and Excel ------------------------------------------------------------------------


def report_pdf(data: ReportData, conclusion: str = "") -> bytes:
    """The report as PDF bytes (A4 landscape), through core.pdf, with the office's conclusion
    (written when it sends the report). An official document: always Indonesian (labels and
    number format), whatever language the user reads the app in."""
    context = {
        "data": data,
        "printed_on": long_date(data.today),
        "signer": report_signer(data),
        "conclusion": conclusion,
    }
    with translation.override("id"):
        html = render_to_string("evaluations/report_pdf.html", context)
    return html_to_pdf(html)


def sent_conclusion(office: Office, period: Period) -> str:
    """The conclusion the office wrote when it sent its report for the period (blank if not
    sent), so a PDF downloaded later prints it too."""
    sent = Report.objects.filter(office=office, year=period.year, semester=period.semester)
    return sent.values_list("conclusion", flat=True).first() or ""


def report_signer(data: ReportData) -> dict:
    """Who signs the report: the office's Sekretaris in office on the report's date, from
    the officials register (Plt./Plh. before the title); a dotted line when none is recorded."""
    office = data.office
    general = " Jenderal" if office.level == Office.Level.NATIONAL else ""
    official = (
        Official.objects.filter(office=office, position=Official.Position.SECRETARY)
        .current(data.today)
        .order_by("-valid_from", "-pk")
        .first()
    )
    prefix = official.prefix if official else ""
    return {
        "title": f"{prefix}Sekretaris{general} {office.formal_name}",
        "name": official.name if official else "",
        "nip": official.nip if official else "",
    }


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
def report_submit(
    *, user, office: Office, year: int, semester: int, conclusion: str = ""
) -> Report:
    """Send the office's report for the period upward (again: it is rendered anew), with its
    narrative conclusion.

    Every evaluation of the office ending in the period must be submitted first. The PDF is
    rendered by a worker once the transaction commits.
    """
    if not can_report(user, office):
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
        defaults={"submitted_by": user, "submitted_at": now, "conclusion": conclusion},
    )
    if not created:
        report.submissions = F("submissions") + 1
        report.status, report.error, report.attempts = Status.PENDING, "", 0
        report.submitted_by, report.submitted_at = user, now
        report.conclusion = conclusion
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
    if RENDER.claim(Report.objects.filter(pk=report_id)) is None:
        return None
    report = Report.objects.select_related("office").get(pk=report_id)
    try:
        period = period_of(report.year, report.semester)
        content = report_pdf(report_data(report.office, period), report.conclusion)
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
    """Queue again the sent reports and the requested report files whose message was lost or
    whose worker died mid-render; one that died MAX_ATTEMPTS times is marked FAILED (the
    office can ask again).

    Safe next to a live render: the render claims its row. Returns how many were queued.
    """
    from .tasks import render_report, render_report_pdf

    queued = _requeue(Report, stale_after, lambda pk: render_report.delay(report_id=pk))
    return queued + _requeue(
        ReportRender, stale_after, lambda pk: render_report_pdf.delay(render_id=pk)
    )


def _requeue(model, stale_after: datetime.timedelta, queue) -> int:
    failed = {"status": Status.FAILED, "error": "Pembuatan berkas terhenti berulang kali."}
    return RENDER.sweep(
        model.objects.all(),
        stale_after=stale_after,
        max_attempts=MAX_ATTEMPTS,
        failed=failed,
        queue=queue,
    )
