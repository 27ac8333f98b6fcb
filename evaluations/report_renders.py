"""The PDF of a long Laporan Pelaksanaan, rendered by a worker: an office with offices below
it (KPU RI, a KPU Provinsi) lists its own agreements in detail and counts every office below,
which takes WeasyPrint several seconds (measured at national scale: 5–9 s), too long for a
request. Asking for it writes a PENDING row; a worker claims it and renders it; the page polls
its status; the sweep in reports.reports_requeue re-queues a lost one."""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from offices.models import Office

from .models import ReportRender
from .reports import report_data, report_filename, report_pdf, sent_conclusion
from .selectors import Period, period_of

logger = logging.getLogger(__name__)
Status = ReportRender.Status
WORKING = (Status.PENDING, Status.RENDERING)


def rendered_by_worker(office: Office) -> bool:
    """True for an office with offices below it (its PDF is rendered in the background)."""
    return office.level != Office.Level.REGENCY


@transaction.atomic
def report_render_request(*, user, office: Office, period: Period) -> ReportRender:
    """Ask for the office's report PDF for the period, rendered anew from today's data; a
    render already waiting or running is left to finish (never queued twice)."""
    render, created = ReportRender.objects.select_for_update().get_or_create(
        office=office,
        year=period.year,
        semester=period.semester,
        defaults={"requested_by": user},
    )
    if not created and render.status in WORKING:
        return render
    if not created:
        render.status, render.error, render.attempts = Status.PENDING, "", 0
        render.requested_by = user
        render.save()
    transaction.on_commit(lambda: _queue(render.pk))
    return render


def _queue(render_id: int) -> None:
    from .tasks import render_report_pdf

    render_report_pdf.delay(render_id=render_id)


def report_render_run(*, render_id: int) -> ReportRender | None:
    """Render a PENDING row's PDF; claims the row first, so a second delivery does nothing."""
    claimed = ReportRender.objects.filter(pk=render_id, status=Status.PENDING).update(
        status=Status.RENDERING, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    if not claimed:
        return None
    render = ReportRender.objects.select_related("office").get(pk=render_id)
    try:
        period = period_of(render.year, render.semester)
        data = report_data(render.office, period)
        content = report_pdf(data, sent_conclusion(render.office, period))
        old = render.pdf.name
        filename = report_filename(render.office, period, "pdf")
        render.pdf.save(filename, ContentFile(content), save=False)
        render.status, render.error = Status.READY, ""
        render.save(update_fields=["pdf", "status", "error", "updated_at"])
        if old and old != render.pdf.name:
            render.pdf.storage.delete(old)
    except Exception as error:
        logger.exception("Rendering report PDF %s failed", render_id)
        ReportRender.objects.filter(pk=render_id).update(
            status=Status.FAILED, error=str(error)[:1000], updated_at=timezone.now()
        )
    return ReportRender.objects.get(pk=render_id)
