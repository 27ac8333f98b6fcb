"""The original each party keeps, printed for the signing: one PDF per party, naming it and
with the meterai under the other parties' signatures (agreements.document_layout._originals)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from core.pdf import html_to_pdf

from .. import document_layout
from ..models import Agreement

# Ready to sign, or signed: the text no longer changes, so the originals can be printed.
PRINTABLE = (Agreement.State.CLEARED, Agreement.State.SIGNED)


@login_required
@require_GET
def document_original(request, pk):
    """The original of party number ?pihak= (1 = PIHAK PERTAMA), for anyone who may see the
    agreement; 404 outside scope, before clearance, for a registered agreement (its text is
    its scan) and for a party it does not have."""
    agreement = get_object_or_404(Agreement.objects.for_user(request.user), pk=pk)
    if agreement.state not in PRINTABLE or document_layout.is_registered(agreement):
        raise Http404
    keeper = request.GET.get("pihak", "1")
    if not keeper.isdigit() or not 1 <= int(keeper) <= 1 + agreement.parties.count():
        raise Http404
    keeper = int(keeper)
    html = document_layout.document_html(agreement, final=True, keeper=keeper - 1)
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    filename = f"{agreement.kind}-{agreement.pk}-naskah-asli-pihak-{keeper}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
