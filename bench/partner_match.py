"""The fuzzy partner matcher (partners.matching) on a national registry: how fast a duplicate
suggestion and a typo search are, and how often the intended partner is found.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kpu_bench_100k REDIS_URL=… \
        .venv/bin/python bench/partner_match.py [--samples 200] [--runs 5] [--write]

Read-only. Picks `--samples` active partners (fixed seed) and makes of each name the
mistakes an operator makes: one letter dropped from its longest word, one letter doubled,
the first two words swapped, the leading institution type left out. Times, in this process
(DEBUG off, bench/settings.py):

- the stamp query that checks the cached index per request, and a cold build of the index;
- `match_names(both_ways=True)` (the matcher alone) and `possible_duplicates()` (stamp,
  matcher, the rows read back) for every variant;
- the live check as the browser calls it: GET /mitra/duplikat/?name=… through Django's test
  client, signed in as operator.ponorogo;
- the list search's fuzzy arm, `loose_matches()`, for one misspelt word per sample.

Recall: the share of variants whose partner is among the ten suggestions shown.
`--write` appends the table to bench/RESULTS.md.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import machine, percentile, setup_django, today  # noqa: E402

SEED = 15


def _ms(work) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


def variants(name: str, rng: random.Random) -> dict[str, str]:
    """The same institution as an operator might type it."""
    from partners.matching import GENERIC

    words = name.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    at = rng.randrange(1, len(word)) if len(word) > 2 else 0
    dropped, doubled = list(words), list(words)
    dropped[longest] = word[:at] + word[at + 1 :]
    doubled[longest] = word[:at] + word[at] + word[at:]
    found = {"huruf hilang": " ".join(dropped), "huruf ganda": " ".join(doubled)}
    if len(words) > 2:
        found["kata tertukar"] = " ".join([words[1], words[0], *words[2:]])
    if len(words) > 2 and words[0].casefold() in GENERIC:
        found["tanpa jenis"] = " ".join(words[1:])
    return found


def summary(times: list[float]) -> tuple[float, float, float]:
    return statistics.median(times), percentile(times, 0.95), max(times)


def run(samples: int, runs: int) -> tuple[list[tuple], dict]:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from agreements.models import Agreement
    from core.models import User
    from partners import matching
    from partners.models import Partner
    from partners.selectors import possible_duplicates

    rng = random.Random(SEED)  # noqa: S311  (a repeatable sample, not a secret)
    ids = sorted(Partner.objects.active().values_list("pk", flat=True))
    picked = Partner.objects.in_bulk(rng.sample(ids, min(samples, len(ids))))
    matching._cached = None
    stamp = [_ms(matching._stamp) for _ in range(runs * 10)]
    build = [_ms(lambda: matching.build_index(
        Partner.objects.active().values_list("pk", "normalized_name", "short_name").iterator(5000)
    )) for _ in range(max(1, runs // 2))]  # fmt: skip
    matching.name_index()

    cases = [
        (p, kind, text) for p in picked.values() for kind, text in variants(p.name, rng).items()
    ]
    alone, suggested, found = [], [], {}
    for partner, kind, text in cases:
        for _ in range(runs):
            alone.append(_ms(lambda t=text: matching.match_names(t, both_ways=True)))
            suggested.append(_ms(lambda t=text: possible_duplicates(name=t)))
        hit = partner in possible_duplicates(name=text)
        found.setdefault(kind, []).append(hit)

    client = Client()
    client.force_login(User.objects.get(username="operator.ponorogo"))
    url = reverse("partners:duplicates")
    live = [
        _ms(lambda t=text: client.get(url, {"name": t}, HTTP_HX_REQUEST="true", secure=True))
        for _, _, text in cases[:samples]
    ]
    search = []
    for partner in picked.values():
        word = variants(partner.name, rng)["huruf hilang"].split()
        longest = max(word, key=len)
        search.append(_ms(lambda w=longest: matching.loose_matches(w)))
    rows = [
        ("stamp query (per request)", len(stamp), *summary(stamp)),
        ("index build (cold, per process)", len(build), *summary(build)),
        ("match_names, duplicate check", len(alone), *summary(alone)),
        ("possible_duplicates (stamp + match + rows)", len(suggested), *summary(suggested)),
        ("GET /mitra/duplikat/ (live check)", len(live), *summary(live)),
        ("loose_matches, one misspelt word", len(search), *summary(search)),
    ]
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    facts = {
        "partners": len(ids),
        "words": len(matching.name_index().vocabulary),
        "recall": {kind: (sum(hits), len(hits)) for kind, hits in found.items()},
        "postgres": version,
        "agreements": Agreement.objects.count(),
    }
    return rows, facts


def report(rows: list[tuple], facts: dict, samples: int) -> str:
    lines = [
        "| step | n | p50 ms | p95 ms | max ms |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {name} | {n} | {p50:.1f} | {p95:.1f} | {top:.1f} |"
            for name, n, p50, p95, top in rows
        ),
        "",
        "| mistake | found among the 10 suggestions |",
        "|---|---:|",
        *(
            f"| {kind} | {hits}/{total} ({100 * hits / total:.0f}%) |"
            for kind, (hits, total) in facts["recall"].items()
        ),
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    setup_django()
    rows, facts = run(args.samples, args.runs)
    text = report(rows, facts, args.samples)
    head = (
        f"{facts['partners']:,} active partners, {facts['words']:,} distinct words; "
        f"{args.samples} sampled names, {args.runs} runs of each variant."
    )
    print(head)
    print(text)
    if args.write:
        results = ROOT / "bench" / "RESULTS.md"
        section = (
            f"\n## Partner name matcher, {today()}\n\n{machine([facts])}\n\n{head}\n\n"
            f"`bench/partner_match.py --samples {args.samples} --runs {args.runs} --write`\n\n"
            f"{text}\n"
        )
        with results.open("a") as out:
            out.write(section)


if __name__ == "__main__":
    main()
