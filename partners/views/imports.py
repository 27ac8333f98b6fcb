"""Export of the partner list and import from Excel (upload, check, confirm, progress)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.generic import DetailView

from core.spreadsheets import XLSX_CONTENT_TYPE, csv_response, xlsx_response
from core.uploads import upload_limit

from .exports import EXPORT_HEADER, export_filename, export_queryset, export_rows, import_template
from .filters import PartnerFilter
from .import_files import MAX_IMPORT_BYTES
from .import_models import PartnerImport
from .imports import partner_import_confirm, partner_import_start
from .models import Partner
from .services import can_register


@require_GET
@login_required
def partner_export(request):
    """The partner list as filtered on the list page, as xlsx (default) or CSV."""
    filterset = PartnerFilter(request.GET, queryset=Partner.objects.for_user(request.user))
    # As the list page (FilterView, strict): an invalid filter shows nothing, not everything.
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    rows = export_rows(export_queryset(queryset))
    header = [str(text) for text in EXPORT_HEADER]
    if request.GET.get("format") == "csv":
        return csv_response(export_filename("csv"), header, rows)
    return xlsx_response(export_filename("xlsx"), _("Mitra"), header, rows)


@require_GET
@login_required
def import_template_download(request):
    response = HttpResponse(import_template(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="templat-impor-mitra.xlsx"'
    return response


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Berkas Excel (.xlsx)"),
        help_text=gettext_lazy("Paling besar 10 MB, dengan judul kolom seperti pada templat."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Unggah dan periksa")))


@upload_limit(MAX_IMPORT_BYTES)
@require_http_methods(["GET", "POST"])
@login_required
def import_upload(request):
    """Upload form; the partners are registered for the user's current office. The file is
    only stored here; its progress page follows the check (Celery)."""
    office = request.office
    if not can_register(request.user, office):
        raise PermissionDenied
    posted = request.method == "POST"
    form = ImportUploadForm(request.POST, request.FILES) if posted else ImportUploadForm()
    if posted and form.is_valid():
        try:
            partner_import = partner_import_start(
                actor=request.user, office=office, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect(partner_import)
    recent = PartnerImport.objects.filter(office=office).select_related("requested_by")[:10]
    return render(
        request, "partners/import_form.html", {"form": form, "office": office, "recent": recent}
    )


def _import_context(request, partner_import: PartnerImport) -> dict:
    may_confirm = can_register(request.user, partner_import.office)
    return {
        "partner_import": partner_import,
        "can_confirm": may_confirm and partner_import.status == PartnerImport.Status.READY,
    }


class ImportDetailView(LoginRequiredMixin, DetailView):
    template_name = "partners/import_detail.html"
    context_object_name = "partner_import"

    def get_queryset(self):
        return PartnerImport.objects.for_user(self.request.user).select_related(
            "office", "requested_by", "confirmed_by"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | _import_context(self.request, self.object)


@require_GET
@login_required
def import_progress(request, pk: int):
    """The status block alone, polled by htmx every second while the import is working."""
    queryset = PartnerImport.objects.for_user(request.user).select_related("office")
    partner_import = get_object_or_404(queryset, pk=pk)
    context = _import_context(request, partner_import)
    return render(request, "partners/import_progress.html", context)


@require_POST
@login_required
def import_confirm(request, pk: int):
    queryset = PartnerImport.objects.for_user(request.user).select_related("office")
    partner_import = get_object_or_404(queryset, pk=pk)
    try:
        partner_import = partner_import_confirm(actor=request.user, partner_import=partner_import)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if partner_import.status == PartnerImport.Status.DONE:
            message = _("%(count)s mitra berhasil diimpor.")
            messages.success(request, message % {"count": partner_import.created_count})
    return redirect(partner_import)
