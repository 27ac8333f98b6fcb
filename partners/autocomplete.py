"""The partner picker's search (core.widgets.AutocompleteWidget): at most 20 active partners."""

from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.widgets import id_param, typed_text

from .matching import loose_matches
from .models import Partner
from .names import normalize_name

LIMIT = 20
RESULTS = "includes/autocomplete_results.html"


def partner_matches(queryset: QuerySet, text: str, limit: int = LIMIT) -> QuerySet:
    """Partners whose name or short name contains `text`, or whose normalised name holds
    every normalised word of it ("univ muhammadiyah" finds "Universitas Muhammadiyah
    Ponorogo"), or that the fuzzy matcher finds through a typo ("muhammadiyah" finds
    "Muhamadiyah", partners.matching). Same short name first, then names starting with the
    text, then exact words before typos, then A–Z."""
    text = text.strip()
    if not text:
        return queryset.order_by("name", "pk")[:limit]
    normalized = normalize_name(text)
    matches = Q(name__icontains=text) | Q(short_name__icontains=text)
    starts = Q(name__istartswith=text)
    if normalized:
        every_word = Q()
        for word in normalized.split():
            every_word &= Q(normalized_name__contains=word)
        matches |= every_word
        starts |= Q(normalized_name__startswith=normalized)
    exact = matches
    loose = loose_matches(text)
    if loose:
        matches |= Q(pk__in=loose)
    rank = Case(
        When(short_name__iexact=text, then=Value(0)),
        When(starts, then=Value(1)),
        When(exact, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return queryset.filter(matches).annotate(rank=rank).order_by("rank", "name", "pk")[:limit]


def _detail(partner: Partner) -> str:
    region = partner.regency or partner.province
    parts = [partner.get_category_display(), region.region_name if region else ""]
    if partner.is_affiliated:
        parts.append("⚠ " + _("Terafiliasi partai/peserta pemilu"))
    return " · ".join(part for part in parts if part)


@login_required
@require_GET
def partner_autocomplete(request):
    """htmx: the partners matching ?q= (every signed-in user sees the whole registry);
    ?exclude=<id> leaves one out (the survivor of a merge)."""
    partners = Partner.objects.for_user(request.user).active()
    exclude = id_param(request, "exclude")
    if exclude is not None:
        partners = partners.exclude(pk=exclude)
    found = partner_matches(partners.select_related("regency", "province"), typed_text(request))
    # The leader's title as written ("Rektor Universitas …") pre-fills the signatory's.
    results = [
        (partner.pk, str(partner), _detail(partner), partner.leader_title) for partner in found
    ]
    response = render(request, RESULTS, {"results": results, "limit": LIMIT})
    response["Cache-Control"] = "private, no-store"
    return response
