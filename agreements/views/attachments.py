"""Upload, download and removal of an agreement's attachments (agreements.attachments)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.uploads import private_download

from .. import attachments
from ..access import agreement_or_404
from ..forms import AttachmentForm


def _form_error_text(form: forms.Form) -> str:
    return " ".join(
        f"{form.fields[field].label}: {' '.join(errors)}" for field, errors in form.errors.items()
    )


@login_required
@require_POST
def attachment_add(request, pk):
    agreement = agreement_or_404(request.user, pk, write=True)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(
            request, _("Lampiran tidak disimpan. %(errors)s") % {"errors": _form_error_text(form)}
        )
        return redirect(agreement)
    try:
        attachment = attachments.attachment_add(
            user=request.user,
            agreement=agreement,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
        )
    except ValidationError as error:
        messages.error(
            request, _("Lampiran tidak disimpan. %(errors)s") % {"errors": " ".join(error.messages)}
        )
    else:
        messages.success(request, _("Lampiran %(name)s disimpan.") % {"name": attachment})
    return redirect(agreement)


@login_required
@require_GET
def attachment_download(request, pk, attachment_pk):
    agreement = agreement_or_404(request.user, pk)
    attachment = get_object_or_404(agreement.attachments, pk=attachment_pk)
    try:
        return private_download(attachment.file, attachment.original_name)
    except FileNotFoundError as missing:
        raise Http404(_("Berkas lampiran tidak ditemukan.")) from missing


@login_required
@require_POST
def attachment_remove(request, pk, attachment_pk):
    agreement = agreement_or_404(request.user, pk, write=True)
    attachment = get_object_or_404(agreement.attachments, pk=attachment_pk)
    try:
        attachments.attachment_remove(user=request.user, attachment=attachment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Lampiran %(name)s dihapus.") % {"name": attachment})
    return redirect(agreement)
