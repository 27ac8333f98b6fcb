"""Reads of the partner registry: duplicate candidates and the list query."""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Q, QuerySet

from .models import Partner
from .names import normalize_name

SEARCH_VECTOR = SearchVector("name", "short_name", config="indonesian")


def partner_search(queryset: QuerySet, text: str) -> QuerySet:
    """Full-text (indonesian) over name and short name, plus plain substring for short codes."""
    text = text.strip()
    if not text:
        return queryset
    query = SearchQuery(normalize_name(text), config="indonesian", search_type="plain")
    return queryset.annotate(search=SEARCH_VECTOR).filter(
        Q(search=query) | Q(name__icontains=text) | Q(short_name__iexact=text)
    )


def possible_duplicates(
    *, name: str, short_name: str = "", exclude_pk: int | None = None, limit: int = 10
) -> list[Partner]:
    """Active partners that may be the same institution as `name`.

    Same normalised name ("UNIV. Muhammadiyah Ponorogo" = "Universitas Muhammadiyah
    Ponorogo"), or a registered name containing every word of this one after Indonesian
    stemming (so "… Ponorogo" never matches "… Malang"), or the same acronym.
    """
    normalized = normalize_name(name)
    if not normalized:
        return []
    words = SearchQuery(normalized, config="indonesian", search_type="plain")
    condition = Q(normalized_name=normalized) | Q(search=words)
    if short_name.strip():
        condition |= Q(short_name__iexact=short_name.strip())
    candidates = (
        Partner.objects.active()
        .annotate(search=SEARCH_VECTOR)
        .filter(condition)
        .select_related("regency", "province")
    )
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    exact = [p for p in candidates[: limit * 2] if p.normalized_name == normalized]
    near = [p for p in candidates[: limit * 2] if p.normalized_name != normalized]
    return (exact + near)[:limit]
