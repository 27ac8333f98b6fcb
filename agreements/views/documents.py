"""Request, follow and download an agreement's PDF (agreements.documents)."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.htmx import vary_on_htmx
from core.uploads import private_download

from .. import documents
from ..access import agreement_or_404
from ..models import Agreement, AgreementDocument

PANEL = "agreements/documents/panel.html"


def _panel(request, agreement: Agreement):
    return render(request, PANEL, documents.document_panel_context(agreement, request.user))


@login_required
@require_GET
def document_panel(request, pk):
    """The panel alone: htmx polls it while a render is pending."""
    return _panel(request, agreement_or_404(request.user, pk))


@login_required
@require_POST
@vary_on_htmx
def document_request(request, pk):
    """Queue a PDF: a preview of a draft, a copy of a signed agreement, or a retry of a final
    copy that failed."""
    agreement = agreement_or_404(request.user, pk, write=True)
    retry_final = agreement.documents.filter(
        is_final=True, status=AgreementDocument.Status.FAILED
    ).exists()
    try:
        document = documents.document_request(
            agreement=agreement,
            user=request.user,
            final=retry_final,
            retyped=request.POST.get("retyped") == "1",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if not request.htmx:
            messages.success(
                request,
                _("Naskah versi %(version)s sedang dibuat.") % {"version": document.version},
            )
    if request.htmx:
        return _panel(request, agreement)
    return redirect(agreement)


def _download_name(document: AgreementDocument) -> str:
    agreement = document.agreement
    number = re.sub(r"[^A-Za-z0-9.-]+", "-", agreement.kpu_number).strip("-")
    label = number or f"draf-{agreement.pk}"
    return f"{agreement.kind}-{label}-v{document.version}.pdf"


@login_required
@require_GET
def document_download(request, pk, document_pk):
    """The PDF, for anyone who may see the agreement (404 for everyone else)."""
    agreement = agreement_or_404(request.user, pk)
    document = get_object_or_404(
        agreement.documents.select_related("agreement"),
        pk=document_pk,
        status=AgreementDocument.Status.READY,
    )
    try:
        return private_download(document.file, _download_name(document))
    except FileNotFoundError as missing:
        raise Http404(_("Berkas naskah tidak ditemukan.")) from missing
