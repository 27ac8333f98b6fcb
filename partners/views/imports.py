"""Import of partners from Excel: template, upload, check, confirm, progress."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.generic import DetailView

from core.spreadsheets import XLSX_CONTENT_TYPE
from core.uploads import upload_limit

from ..access import can_register
from ..exports import import_template
from ..forms import ImportUploadForm
from ..import_files import MAX_IMPORT_BYTES
from ..import_models import PartnerImport
from ..imports import partner_import_confirm, partner_import_start


@require_GET
@login_required
def import_template_download(request):
    response = HttpResponse(import_template(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="templat-impor-mitra.xlsx"'
    return response


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
