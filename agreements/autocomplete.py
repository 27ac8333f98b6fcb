"""The parent and renewal pickers' search (core.widgets.AutocompleteWidget): at most 20 of
the agreements the user may see that the picker accepts (agreements.forms)."""

from django.contrib.auth.decorators import login_required
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from core.widgets import id_param, typed_text

from .forms import parent_choices, renewal_choices
from .models import Agreement, Kind, Party

LIMIT = 20
RESULTS = "includes/autocomplete_results.html"


def agreement_matches(queryset: QuerySet, text: str, limit: int = LIMIT) -> QuerySet:
    """Agreements whose title or numbers contain `text`, or that name a partner whose name
    or short name does. The same KPU number first, then the most recently signed, then the
    newest drafts. Each row carries `partner_name` (its PIHAK KEDUA)."""
    text = text.strip()
    if text:
        named = Party.objects.filter(agreement=OuterRef("pk")).filter(
            Q(partner__name__icontains=text) | Q(partner__short_name__icontains=text)
        )
        queryset = queryset.filter(
            Q(title__icontains=text)
            | Q(kpu_number__icontains=text)
            | Q(partner_number__icontains=text)
            | Exists(named)
        )
    first_partner = Party.objects.filter(agreement=OuterRef("pk")).order_by("position")
    same_number = Q(kpu_number__iexact=text) if text else Q(pk__in=[])
    rank = Case(When(same_number, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (
        queryset.select_related("office")
        .annotate(rank=rank, partner_name=Subquery(first_partner.values("partner__name")[:1]))
        .order_by("rank", F("signed_on").desc(nulls_last=True), "-created_at", "-pk")[:limit]
    )


def _choices(request) -> QuerySet:
    """The rows the picker named by ?field= accepts for a draft of ?kind= (or of the draft
    ?agreement=, which must be in scope: 404 otherwise)."""
    visible = Agreement.objects.for_user(request.user)
    kind = request.GET.get("kind", "")
    if request.GET.get("agreement"):
        current = id_param(request, "agreement")
        if current is None:
            raise Http404
        agreement = get_object_or_404(visible, pk=current)
        visible, kind = visible.exclude(pk=agreement.pk), agreement.kind
    if kind not in Kind.values:
        raise Http404
    field = request.GET.get("field", "")
    choices = {"parent": parent_choices, "renews": renewal_choices}.get(field)
    found = choices(visible, kind) if choices else None
    if found is None:
        raise Http404
    return found


def _detail(agreement: Agreement) -> str:
    parts = [agreement.office.name, agreement.partner_name, agreement.get_state_display()]
    return " · ".join(part for part in parts if part)


@login_required
@require_GET
def agreement_autocomplete(request):
    """htmx: the agreements matching ?q= for one picker of the draft form."""
    found = agreement_matches(_choices(request), typed_text(request))
    results = [(agreement.pk, str(agreement), _detail(agreement)) for agreement in found]
    response = render(request, RESULTS, {"results": results, "limit": LIMIT})
    response["Cache-Control"] = "private, no-store"
    return response
