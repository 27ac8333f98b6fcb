"""Merging a duplicate partner into the one that stays, and undoing it (national admins)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.models import ActivityLog

from .. import services
from ..access import can_merge, partner_or_404
from ..forms import MergeForm


@login_required
@require_POST
def partner_merge(request, pk):
    survivor = partner_or_404(request.user, pk)
    if not can_merge(request.user):
        raise PermissionDenied
    form = MergeForm(request.POST, survivor=survivor)
    if not form.is_valid():
        messages.error(request, _("Pilih mitra duplikat yang masih aktif."))
        return redirect(survivor)
    try:
        services.partner_merge(
            actor=request.user, survivor=survivor, retired=form.cleaned_data["retired"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Mitra digabung. Penggabungan dapat dibatalkan dari riwayat."))
    return redirect(survivor)


@login_required
@require_POST
def partner_unmerge(request, pk, log_pk):
    survivor = partner_or_404(request.user, pk)
    if not can_merge(request.user):
        raise PermissionDenied
    log = get_object_or_404(
        ActivityLog, pk=log_pk, action="partner.retired", changes__survivor=survivor.pk
    )
    try:
        retired = services.partner_unmerge(actor=request.user, log=log)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(survivor)
    messages.success(request, _("Penggabungan dibatalkan."))
    return redirect(retired)
