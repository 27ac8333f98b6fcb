"""The Laporan Pelaksanaan Kerja Sama pages (preview, PDF, Excel, sending upward) and the
national admins' instrument page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.locking import posted_lock_version
from core.spreadsheets import XLSX_CONTENT_TYPE
from core.uploads import private_download

from . import reports
from .access import can_report
from .forms import (
    CriterionFormSet,
    InstrumentForm,
    ReportPeriodForm,
    ReportSubmitForm,
    criterion_initial,
)
from .instruments import can_manage_instrument, current_instrument, instrument_new_version
from .models import Instrument, Report, ReportRender, Semester
from .report_renders import rendered_by_worker
from .selectors import Period, last_ended_semester, office_today, period_of
from .views import office_or_404

YEARS = range(2000, 2101)


def period_or_404(year: int, semester: int) -> Period:
    if year not in YEARS or semester not in Semester.values:
        raise Http404
    return period_of(year, semester)


def report_url(office, period: Period) -> str:
    """The report page of `office` for `period`."""
    url = reverse("evaluations:report", args=[office.pk])
    return f"{url}?year={period.year}&semester={period.semester}"


@login_required
@require_GET
def report_page(request, office_pk):
    """The report of one office for the chosen period, with downloads and sending."""
    office = office_or_404(request.user, office_pk)
    today = office_today(office)
    form = ReportPeriodForm(request.GET or None)
    if form.is_valid():
        period = period_of(form.cleaned_data["year"], form.cleaned_data["semester"])
    else:
        period = last_ended_semester(today)
        form = ReportPeriodForm(initial={"year": period.year, "semester": period.semester})
    sent = Report.objects.filter(office=office, year=period.year, semester=period.semester).first()
    # An office with offices below it: figures per office from the figures cache, its own
    # agreements by page. A regency's page previews its whole report, as its PDF prints it.
    by_worker = rendered_by_worker(office)
    page = (request.GET.get("page") or 1) if by_worker else None
    data = reports.report_data(office, period, today, page=page, cached=by_worker)
    context = {
        "office": office,
        "form": form,
        "data": data,
        "period": period,
        "sent": sent,
        "submit_form": ReportSubmitForm(initial={"conclusion": sent.conclusion if sent else ""}),
        "open_count": reports.open_evaluations(office, period).count(),
        "can_report": can_report(request.user, office),
        "worker_pdf": by_worker,
        "renders": _renders(office, period) if by_worker else [],
    }
    return render(request, "evaluations/report_page.html", context)


def _renders(office, period: Period) -> list[tuple[str, str, ReportRender | None]]:
    """(kind, label, the requested render or None) for the PDF and the Excel (one query)."""
    found = {
        render.kind: render
        for render in ReportRender.objects.filter(
            office=office, year=period.year, semester=period.semester
        )
    }
    return [(kind, label, found.get(kind)) for kind, label in ReportRender.Kind.choices]


@login_required
@require_GET
def report_pdf(request, office_pk, year, semester):
    """A regency's report rendered in the request; an office with offices below it has its
    PDF rendered by a worker (report_renders.py), asked for on the report page."""
    office = office_or_404(request.user, office_pk)
    period = period_or_404(year, semester)
    if rendered_by_worker(office):
        return redirect(report_url(office, period))
    data = reports.report_data(office, period)
    content = reports.report_pdf(data, reports.sent_conclusion(office, period))
    response = HttpResponse(content, content_type="application/pdf")
    filename = reports.report_filename(office, period, "pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def report_xlsx(request, office_pk, year, semester):
    """A regency's workbook built in the request (every agreement of the office: rows read
    in batches, openpyxl's write-only mode keeps memory flat); an office with offices below
    it has its workbook rendered by a worker (report_renders.py), asked for on the report
    page."""
    office = office_or_404(request.user, office_pk)
    period = period_or_404(year, semester)
    if rendered_by_worker(office):
        return redirect(report_url(office, period))
    data = reports.report_data(office, period, detail=False)  # the sheet reads every row
    response = HttpResponse(reports.report_xlsx(data), content_type=XLSX_CONTENT_TYPE)
    filename = reports.report_filename(office, period, "xlsx")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def report_submit(request, office_pk, year, semester):
    office = office_or_404(request.user, office_pk)
    period = period_or_404(year, semester)
    if not can_report(request.user, office):
        raise PermissionDenied
    form = ReportSubmitForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["conclusion"])
        reports.report_submit(
            user=request.user,
            office=office,
            year=period.year,
            semester=period.semester,
            conclusion=form.cleaned_data["conclusion"].strip(),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Laporan dikirim ke %(office)s.") % {"office": office.parent.name}
        )
    return redirect(report_url(office, period))


def _sent_or_404(user, pk) -> Report:
    return get_object_or_404(Report.objects.for_user(user).select_related("office"), pk=pk)


@login_required
@require_GET
def report_status(request, pk):
    """The status of a sent report; polled by htmx while the worker renders it."""
    report = _sent_or_404(request.user, pk)
    return render(request, "evaluations/includes/report_status.html", {"sent": report})


@login_required
@require_GET
def report_file(request, pk):
    """The PDF as it was sent (scope-checked; 404 until rendered)."""
    report = _sent_or_404(request.user, pk)
    if report.status != Report.Status.READY or not report.pdf:
        raise Http404
    try:
        return private_download(report.pdf, report.pdf.name.rsplit("/", 1)[-1])
    except FileNotFoundError as missing:
        raise Http404 from missing


def _criteria_of(formset) -> list[dict]:
    """The kept rows: every existing row not marked for deletion, and filled extra rows."""
    initial = formset.initial_form_count()
    return [
        form.criterion()
        for index, form in enumerate(formset.forms)
        if (index < initial or form.has_changed()) and not form.cleaned_data.get("DELETE")
    ]


@login_required
@require_http_methods(["GET", "POST"])
def instrument_edit(request):
    """National admins save the criteria, weights, bands and grace as a new version."""
    if not can_manage_instrument(request.user):
        raise PermissionDenied
    current = current_instrument()
    if request.method == "POST":
        form = InstrumentForm(request.POST)
        formset = CriterionFormSet(request.POST, prefix="criteria")
    else:
        form = InstrumentForm(
            instance=current, initial={"note": "", "lock_version": current.version}
        )
        formset = CriterionFormSet(initial=criterion_initial(current), prefix="criteria")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            instrument = instrument_new_version(
                user=request.user,
                criteria=_criteria_of(formset),
                **form.cleaned_data | {"lock_version": posted_lock_version(form)},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Instrumen versi %(version)s berlaku.") % {"version": instrument.version},
            )
            return redirect("evaluations:instrument")
    context = {
        "form": form,
        "formset": formset,
        "current": current,
        "versions": Instrument.objects.all()[:20],
    }
    return render(request, "evaluations/instrument_form.html", context)
