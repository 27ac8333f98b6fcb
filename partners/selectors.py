"""Reads of the partner registry: duplicate candidates and the list query."""

import re

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Q, QuerySet

from .matching import GENERIC, loose_matches, match_names, name_index, short_name_matches, words_of
from .models import Partner
from .names import normalize_name

SEARCH_VECTOR = SearchVector("name", "short_name", config="indonesian")
_WORD = re.compile(r"[^\W_]+")


def partner_search(queryset: QuerySet, text: str) -> QuerySet:
    """Partners matching `text`. The arms served by an index (a bitmap OR, no sequential
    scan of the registry):

    - every word as a word prefix in the full-text vector of name and short name
      (indonesian stemming; "univ muham" finds "Universitas Muhammadiyah Ponorogo"), GIN
      index `partner_search_gin`;
    - the normalised name starting with the normalised text ("UNIV. Muhammadiyah P…"),
      btree `partner_normalized_prefix` (pattern ops);
    - the short name equal to the text, any case ("UMPO"), btree `partner_short_name_upper`;
    - the ids the fuzzy matcher finds only through a typo or a left-out institution type
      ("muhammadiyah" finds "Muhamadiyah"; partners.matching), the primary key.
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
    loose = loose_matches(text)
    if loose:
        condition |= Q(pk__in=loose)
    return queryset.annotate(search=SEARCH_VECTOR).filter(condition)


def possible_duplicates(
    *, name: str, short_name: str = "", exclude_pk: int | None = None, limit: int = 10
) -> list[Partner]:
    """Active partners that may be the same institution as `name`, the likeliest first.

    The same acronym, or a name the fuzzy matcher (partners.matching) takes for this one:
    typos ("Muhamadiyah"), swapped words, "Univ." or a left-out "Universitas", and a
    registered name whose words are all in this one. "… Ponorogo" never matches
    "… Malang", "SMAN 1" never "SMAN 2". A name made of institution types only
    ("Universitas") suggests nothing.
    """
    if not normalize_name(name) and not short_name.strip():
        return []
    index = name_index()
    ids = short_name_matches(short_name, index) if short_name.strip() else []
    ids += short_name_matches(name, index)
    if any(word not in GENERIC for word in words_of(normalize_name(name))):
        matches = match_names(name, both_ways=True, limit=limit * 2, index=index)
        ids += [match.pk for match in matches]
    ids = [pk for pk in dict.fromkeys(ids) if pk != exclude_pk][: limit * 2]
    found = Partner.objects.active().select_related("regency", "province").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found][:limit]
