"""Celery doors onto the monev services; each is safe to run twice."""

from celery import shared_task

from . import report_renders, reports, services


@shared_task(acks_late=True)
def open_due_evaluations() -> int:
    """Daily: open the evaluations that fell due by each office's local date. The unique
    (agreement, year, semester) constraint makes a second or concurrent run create nothing."""
    return services.evaluations_open_due()


@shared_task(acks_late=True)
def render_report(*, report_id: int) -> None:
    """Render a sent report's PDF; returns quietly if the row is gone or already taken."""
    reports.report_render(report_id=report_id)


@shared_task(acks_late=True)
def render_report_pdf(*, render_id: int) -> None:
    """Render a requested report PDF or Excel (an office with offices below it); returns
    quietly if the row is gone or already taken."""
    report_renders.report_render_run(render_id=render_id)


@shared_task(acks_late=True)
def requeue_reports() -> int:
    """Beat sweep: re-queue sent reports and requested PDFs stuck in a working status (lost
    message, dead worker)."""
    return reports.reports_requeue()
