"""The PDF and the Excel workbook of a long Laporan Pelaksanaan, rendered by a worker: an office
with offices below it (KPU RI, a KPU Provinsi) counts every office below in its PDF, which
takes WeasyPrint several seconds (measured at national scale: 5–9 s), and lists every
agreement below in its workbook (KPU RI: 26,000 rows, 2.6 MB, 8 s measured in the request);
too long for a request. Asking for one writes a PENDING row; a worker claims it and renders
it; the page polls its status; the sweep in reports.reports_requeue re-queues a lost one."""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from offices.models import Office

from .models import ReportRender
from .reports import RENDER, report_data, report_filename, report_pdf, report_xlsx, sent_conclusion
from .selectors import Period, period_of

logger = logging.getLogger(__name__)
Status = ReportRender.Status
Kind = ReportRender.Kind
WORKING = (Status.PENDING, Status.RENDERING)


def rendered_by_worker(office: Office) -> bool:
    """True for an office with offices below it (its PDF and Excel are rendered in the
    background)."""
    return office.level != Office.Level.REGENCY


@transaction.atomic
def report_render_request(
    *, user, office: Office, period: Period, kind: str = Kind.PDF
) -> ReportRender:
    """Ask for the office's report file of `kind` for the period, rendered anew from today's
    data; a render already waiting or running is left to finish (never queued twice)."""
    render, created = ReportRender.objects.select_for_update().get_or_create(
        office=office,
        year=period.year,
        semester=period.semester,
        kind=kind,
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


def _content(render: ReportRender, period: Period) -> bytes:
    """The file's bytes: the workbook lists every agreement of the subtree (no detail rows
    of the page needed); the PDF prints the conclusion the office sent, if any."""
    if render.kind == Kind.XLSX:
        return report_xlsx(report_data(render.office, period, detail=False))
    data = report_data(render.office, period)
    return report_pdf(data, sent_conclusion(render.office, period))


def report_render_run(*, render_id: int) -> ReportRender | None:
    """Render a PENDING row's file; claims the row first, so a second delivery does nothing."""
    if RENDER.claim(ReportRender.objects.filter(pk=render_id)) is None:
        return None
    render = ReportRender.objects.select_related("office").get(pk=render_id)
    try:
        period = period_of(render.year, render.semester)
        content = _content(render, period)
        old = render.pdf.name
        filename = report_filename(render.office, period, render.extension)
        render.pdf.save(filename, ContentFile(content), save=False)
        render.status, render.error = Status.READY, ""
        render.save(update_fields=["pdf", "status", "error", "updated_at"])
        if old and old != render.pdf.name:
            render.pdf.storage.delete(old)
    except Exception as error:
        logger.exception("Rendering report file %s failed", render_id)
        ReportRender.objects.filter(pk=render_id).update(
            status=Status.FAILED, error=str(error)[:1000], updated_at=timezone.now()
        )
    return ReportRender.objects.get(pk=render_id)
