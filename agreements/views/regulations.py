"""The regulations library, kept by national admins, and the regulations a draft cites."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.locking import posted_lock_version
from offices.access import is_national_admin

from ..access import agreement_or_404
from ..forms import PickForm, RegulationForm
from ..models import Regulation
from ..regulations import agreement_set_regulations, in_hierarchy_order, regulation_save


def _require_national_admin(user) -> None:
    if not is_national_admin(user):
        raise PermissionDenied


@login_required
@require_GET
def regulation_list(request):
    _require_national_admin(request.user)
    regulations = in_hierarchy_order(Regulation.objects.all())
    return render(request, "agreements/regulation_list.html", {"regulations": regulations})


@login_required
@require_http_methods(["GET", "POST"])
def regulation_edit(request, pk=None):
    _require_national_admin(request.user)
    regulation = get_object_or_404(Regulation, pk=pk) if pk else Regulation()
    form = RegulationForm(request.POST or None, instance=regulation)
    if request.method == "POST" and form.is_valid():
        try:
            version = posted_lock_version(form) if regulation.pk else None
            regulation_save(regulation=form.instance, user=request.user, lock_version=version)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Peraturan disimpan."))
            return redirect("agreements:regulations")
    return render(request, "agreements/regulation_form.html", {"form": form, "object": regulation})


@login_required
@require_http_methods(["GET", "POST"])
def agreement_regulations(request, pk):
    """Pick the draft's regulations from the library (404 outside scope, 403 without write)."""
    agreement = agreement_or_404(request.user, pk, write=True)
    form = PickForm(request.POST if request.method == "POST" else None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            agreement_set_regulations(
                agreement=agreement,
                user=request.user,
                regulations=list(form.cleaned_data["regulations"]),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Dasar hukum disimpan."))
            return redirect(agreement.get_absolute_url())
    context = {"agreement": agreement, "form": form}
    return render(request, "agreements/agreement_regulations.html", context)
