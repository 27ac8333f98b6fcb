"""The state changes of an agreement after drafting: submit, cancel, sign, terminate.
Each calls one service of agreements.services and goes back to the agreement."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import flash_result, form_errors

from .. import services
from ..access import agreement_or_404
from ..forms import SignForm, TerminateForm


@login_required
@require_POST
def agreement_submit(request, pk):
    agreement = agreement_or_404(request.user, pk, write=True)
    flash_result(
        request,
        _("Diajukan untuk verifikasi."),
        services.agreement_submit,
        user=request.user,
        agreement=agreement,
    )
    return redirect(agreement)


@login_required
@require_POST
def agreement_cancel(request, pk):
    agreement = agreement_or_404(request.user, pk, write=True)
    reason = request.POST.get("reason", "")
    flash_result(
        request,
        _("Draf dibatalkan."),
        services.agreement_cancel,
        user=request.user,
        agreement=agreement,
        reason=reason,
    )
    return redirect(agreement)


@login_required
@require_http_methods(["GET", "POST"])
def agreement_sign(request, pk):
    agreement = agreement_or_404(request.user, pk, write=True)
    initial = SignForm.initial_for(agreement)
    form = SignForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_sign(user=request.user, agreement=agreement, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Penandatanganan dicatat."))
            return redirect(agreement)
    context = {"form": form, "agreement": agreement}
    return render(request, "agreements/agreement_sign.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def agreement_terminate(request, pk):
    agreement = agreement_or_404(request.user, pk, write=True)
    form = TerminateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_terminate(
                user=request.user, agreement=agreement, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Perjanjian diakhiri."))
            return redirect(agreement)
    context = {"form": form, "agreement": agreement}
    return render(request, "agreements/agreement_terminate.html", context)
