"""Fuzzy matching of partner names: typos, swapped words and a missing institution type.

Names are compared word by word after `names.normalize_name` (case, punctuation and the
abbreviations: "Univ." = "Universitas"). A typed word matches a registered word when it is
the same, when it is at most one or two edits away (`allowed_edits`: "muhamadiyah" →
"muhammadiyah"; never for numbers, so "SMAN 1" is not "SMAN 2") or, in a search, when it
starts it ("muham"). Word order does not count. An institution-type word ("universitas",
"dinas", "kabupaten", see GENERIC) may be missing on one side, but not replaced by another
("Pemerintah Kota Madiun" is not "Pemerintah Kabupaten Madiun").

The registry is national (every user sees every partner), so one compact index of the active
partners serves everyone: per process, rebuilt when `_stamp()` (one aggregate query: the
highest id and latest change) differs, and at least every MAX_AGE
seconds. Callers apply their own queryset to the ids it returns, so scope, merges and
deletions are checked by the database. Measured in bench/partner_match.py.
"""

import bisect
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from .models import Partner
from .names import normalize_name

# Words that say what kind of institution a partner is, after normalize_name. One side may
# leave them out ("Muhammadiyah Ponorogo"); two different ones mean two institutions.
_GENERIC_WORDS = """
    universitas institut sekolah tinggi politeknik akademi madrasah pesantren pondok
    dinas badan kantor kementerian lembaga pemerintah kabupaten kota provinsi kecamatan
    kelurahan desa radio televisi harian surat kabar rumah sakit yayasan perkumpulan
    organisasi ikatan persatuan asosiasi himpunan komando kepolisian pengadilan kejaksaan
    bank pt cv perseroan persero tbk perusahaan umum daerah negeri swasta
"""
GENERIC = frozenset(_GENERIC_WORDS.split())
# Words left out of the comparison altogether.
STOPWORDS = frozenset({"dan", "di", "ke", "dari", "untuk", "the", "of", "and"})
MAX_AGE = 600  # seconds: a bound on staleness the stamp cannot see (see _stamp)
LOOSE_ID_LIMIT = 500
COMMON_SHARE = 0.01  # see _pool

EXACT, PREFIX, TYPO = 3, 2, 1  # how a typed word matched a registered one


def allowed_edits(word: str) -> int:
    """Edits tolerated in a word: none in numbers and short words, one up to 8 letters."""
    if word.isdigit() or len(word) <= 4:
        return 0
    return 1 if len(word) <= 8 else 2


def words_of(normalized: str) -> tuple[str, ...]:
    return tuple(word for word in normalized.split() if word not in STOPWORDS)


@dataclass
class NameIndex:
    """The active partners as words, with the postings and vocabulary to match them."""

    stamp: tuple
    built_at: float
    words: dict[int, tuple[str, ...]] = field(default_factory=dict)
    normalized: dict[int, str] = field(default_factory=dict)
    short_names: dict[str, list[int]] = field(default_factory=dict)
    postings: dict[str, list[int]] = field(default_factory=dict)
    vocabulary: list[str] = field(default_factory=list)  # sorted, for prefixes
    by_length: dict[int, list[str]] = field(default_factory=dict)  # for edit distances


def build_index(rows, stamp: tuple = ()) -> NameIndex:
    """An index of (pk, normalized_name, short_name) rows."""
    index = NameIndex(stamp=stamp, built_at=time.monotonic())
    postings, short_names = defaultdict(list), defaultdict(list)
    for pk, normalized, short_name in rows:
        words = words_of(normalized)
        index.words[pk], index.normalized[pk] = words, normalized
        for word in set(words):
            postings[word].append(pk)
        if short_name.strip():
            short_names[short_name.strip().casefold()].append(pk)
    index.postings, index.short_names = dict(postings), dict(short_names)
    index.vocabulary = sorted(postings)
    by_length = defaultdict(list)
    for word in index.vocabulary:
        by_length[len(word)].append(word)
    index.by_length = dict(by_length)
    return index


_cached: NameIndex | None = None
_lock = threading.Lock()


def _stamp() -> tuple:
    """Changes whenever a partner is added, renamed or merged: save() moves updated_at, an
    insert the highest id. (A deleted partner may stay in the index: callers read the rows
    back through their queryset.) Two saves committed out of order can hide the later
    commit's change behind the earlier one's newer updated_at: MAX_AGE bounds that."""
    figures = Partner.objects.aggregate(last=Max("pk"), at=Max("updated_at"))
    return (figures["last"], figures["at"])


def name_index() -> NameIndex:
    """This process's index of the registry, rebuilt when the registry changed."""
    global _cached
    stamp = _stamp()
    cached = _cached
    if cached and cached.stamp == stamp and time.monotonic() - cached.built_at < MAX_AGE:
        return cached
    with _lock:
        if _cached is cached:  # nobody rebuilt it while we waited
            rows = Partner.objects.active().values_list("pk", "normalized_name", "short_name")
            _cached = build_index(rows.iterator(chunk_size=5000), stamp)
        return _cached


def word_matches(index: NameIndex, word: str, *, prefix: bool) -> dict[str, int]:
    """Registered words matching one typed word, each with how it matched."""
    found: dict[str, int] = {}
    edits = allowed_edits(word)
    if edits:
        for length in range(len(word) - edits, len(word) + edits + 1):
            candidates = index.by_length.get(length, ())
            for other, _distance, _i in process.extract(
                word, candidates, scorer=Levenshtein.distance, score_cutoff=edits, limit=None
            ):
                found[other] = TYPO
    if prefix and len(word) >= 3 and not word.isdigit():
        start = bisect.bisect_left(index.vocabulary, word)
        for other in index.vocabulary[start:]:
            if not other.startswith(word):
                break
            found[other] = PREFIX
    if word in index.postings:
        found[word] = EXACT
    return found


@dataclass(frozen=True)
class Match:
    pk: int
    score: float
    loose: bool  # a typed word matched only with edits, or was left out


@dataclass
class _Typed:
    """The typed words with, per word, the partners having a matching word (`pools`) and
    those having it without edits (`strict`)."""

    words: tuple[str, ...]
    pools: list[set[int]]
    strict: list[set[int]]
    matched: set[str]  # registered words matched by some typed word

    @classmethod
    def of(cls, index: NameIndex, words: tuple[str, ...], prefix: bool) -> "_Typed":
        matches = [word_matches(index, word, prefix=prefix) for word in words]
        pools = [{pk for w in found for pk in index.postings[w]} for found in matches]
        strict = [
            {pk for w, how in found.items() if how != TYPO for pk in index.postings[w]}
            for found in matches
        ]
        return cls(words, pools, strict, {w for found in matches for w in found})


def _compatible(missing: list[str], extra: list[str]) -> bool:
    """Words of one side not found on the other: all institution types, and not two
    different types (one side leaving the type out is fine)."""
    if any(word not in GENERIC for word in missing):
        return False
    return not (missing and any(word in GENERIC for word in extra))


def _accepts(index: NameIndex, pk: int, typed: _Typed, both_ways: bool) -> bool | None:
    """None when the partner does not match, else whether it matched loosely."""
    missing = [w for w, pool in zip(typed.words, typed.pools, strict=True) if pk not in pool]
    words = index.words[pk]
    extra = [w for w in words if w not in typed.matched]
    forward = len(missing) < len(typed.words) and _compatible(missing, extra)
    backward = both_ways and len(words) - len(extra) >= 2 and _compatible(extra, missing)
    if not (forward or backward):
        return None
    pairs = zip(typed.pools, typed.strict, strict=True)
    typo = any(pk in pool and pk not in exact for pool, exact in pairs)
    return bool(missing) or typo


def _pool(index: NameIndex, typed: _Typed, both_ways: bool) -> set[int]:
    """Partners that may match: having every word that is not an institution type; with
    `both_ways` also those having one of the rarer of them (a word in more than
    COMMON_SHARE of the registry matches too much to start from)."""
    required = [p for w, p in zip(typed.words, typed.pools, strict=True) if w not in GENERIC]
    pools = sorted(required or typed.pools, key=len)
    pool = set.intersection(*pools) if pools else set()
    if both_ways:
        rare = [p for p in pools if len(p) <= max(50, COMMON_SHARE * len(index.words))]
        pool = pool.union(*rare)
    return pool


def match_names(
    text: str,
    *,
    prefix: bool = False,
    both_ways: bool = False,
    limit: int | None = None,
    index: NameIndex | None = None,
) -> list[Match]:
    """Active partners whose name matches `text`, best first (the `limit` best).

    Every typed word must match a word of the name (an institution type may be missing,
    see module docstring). `prefix` lets a typed word match the start of a word (searches);
    `both_ways` also accepts a registered name whose every word is in the text (duplicate
    checks: "Universitas Muhammadiyah Ponorogo Jawa Timur" finds "… Ponorogo").
    The order: word-order-free similarity of the whole names, exact words before typos.
    """
    index = index or name_index()
    words = words_of(normalize_name(text))
    if not words:
        return []
    typed = _Typed.of(index, words, prefix)
    accepted = {}
    for pk in _pool(index, typed, both_ways):
        loose = _accepts(index, pk, typed, both_ways)
        if loose is not None:
            accepted[pk] = loose
    names = {pk: index.normalized[pk] for pk in accepted}
    best = process.extract(
        " ".join(words), names, scorer=fuzz.token_sort_ratio, limit=limit or len(names)
    )
    found = [Match(pk=pk, score=score, loose=accepted[pk]) for _name, score, pk in best]
    found.sort(key=lambda m: (-m.score, m.loose, names[m.pk], m.pk))
    return found


def short_name_matches(text: str, index: NameIndex | None = None) -> list[int]:
    index = index or name_index()
    return list(index.short_names.get(text.strip().casefold(), ()))


def loose_matches(text: str, limit: int = LOOSE_ID_LIMIT) -> list[int]:
    """Ids of partners a search for `text` finds only through a typo or a left-out type
    word: what the full-text search cannot see ("muhammadiyah" → "Muhamadiyah"). Only the
    partners outside the strict matches are judged."""
    index = name_index()
    words = words_of(normalize_name(text))
    if not words:
        return []
    typed = _Typed.of(index, words, prefix=True)
    strict = set.intersection(*sorted(typed.strict, key=len))
    found = []
    for pk in _pool(index, typed, both_ways=False) - strict:
        if _accepts(index, pk, typed, both_ways=False):
            found.append(pk)
            if len(found) == limit:
                break
    return found
