"""The background PDF and Excel of a long Laporan Pelaksanaan (an office with offices below
it): ask for one, poll its status, download it. See report_renders.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.uploads import private_download

from .models import ReportRender
from .report_renders import rendered_by_worker, report_render_request
from .report_views import period_or_404, report_url
from .views import office_or_404


@login_required
@require_POST
def render_request(request, office_pk, year, semester):
    """Queue a fresh PDF, or Excel with `kind=XLSX`, of the report (anyone who may read the
    report may ask for it); a regency's is built in the request, so it is sent there."""
    office = office_or_404(request.user, office_pk)
    period = period_or_404(year, semester)
    kind = request.POST.get("kind", ReportRender.Kind.PDF)
    if kind not in ReportRender.Kind.values:
        return HttpResponseBadRequest()
    if not rendered_by_worker(office):
        name = (
            "evaluations:report-xlsx"
            if kind == ReportRender.Kind.XLSX
            else "evaluations:report-pdf"
        )
        return redirect(name, office.pk, period.year, period.semester)
    report_render_request(user=request.user, office=office, period=period, kind=kind)
    label = ReportRender.Kind(kind).label
    messages.info(
        request,
        _("%(kind)s sedang dibuat; tautan unduhnya muncul di sini bila siap.") % {"kind": label},
    )
    return redirect(report_url(office, period))


def _render_or_404(user, pk) -> ReportRender:
    queryset = ReportRender.objects.for_user(user).select_related("office")
    return get_object_or_404(queryset, pk=pk)


@login_required
@require_GET
def render_status(request, pk):
    """The status of a requested file; polled by htmx while the worker renders it."""
    render_row = _render_or_404(request.user, pk)
    return render(request, "evaluations/includes/report_render.html", {"render": render_row})


@login_required
@require_GET
def render_file(request, pk):
    """The rendered file (scope-checked; 404 until it is ready)."""
    render_row = _render_or_404(request.user, pk)
    if render_row.status != ReportRender.Status.READY or not render_row.pdf:
        raise Http404
    try:
        return private_download(render_row.pdf, render_row.pdf.name.rsplit("/", 1)[-1])
    except FileNotFoundError as missing:
        raise Http404 from missing
