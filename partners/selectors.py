"""Reads of the partner registry: duplicate candidates and the list query."""

import re

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Q, QuerySet

from .models import Partner
from .names import normalize_name

SEARCH_VECTOR = SearchVector("name", "short_name", config="indonesian")
_WORD = re.compile(r"[^\W_]+")


def partner_search(queryset: QuerySet, text: str) -> QuerySet:
    """Partners matching `text`, each arm served by an index (a bitmap OR, no sequential scan
    of the registry):

    - every word as a word prefix in the full-text vector of name and short name
      (indonesian stemming; "univ muham" finds "Universitas Muhammadiyah Ponorogo"), GIN
      index `partner_search_gin`;
    - the normalised name starting with the normalised text ("UNIV. Muhammadiyah P…"),
      btree `partner_normalized_prefix` (pattern ops);
    - the short name equal to the text, any case ("UMPO"), btree `partner_short_name_upper`.
    """
    text = text.strip()
    normalized = normalize_name(text)
    if not normalized:
        return queryset
    words = _WORD.findall(normalized)
    condition = Q(normalized_name__startswith=normalized) | Q(short_name__iexact=text)
    if words:
        prefixes = " & ".join(f"'{word}':*" for word in words)
        query = SearchQuery(prefixes, config="indonesian", search_type="raw")
        condition |= Q(search=query)
    return queryset.annotate(search=SEARCH_VECTOR).filter(condition)


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
