"""Every URL pattern of the resolver, the objects its parameters are filled with, and the
expected-status table (expected.csv) the matrix compares against.

A status is written as the number, or `login` for a redirect to the sign-in page (any other
redirect is `302`), or `500` for an exception.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.matrix.world import COLUMNS

TABLE = Path(__file__).with_name("expected.csv")
HEADER = ["name", "method", "target", *COLUMNS, "note"]
METHODS = ("GET", "POST")
# Not the app's own pages: excluded by namespace or URL name, with the reason. Static files
# are not in the URLconf at all (whitenoise serves them before URL resolution).
EXCLUDED = {
    "admin": "Django's admin site (its own staff permissions; tested by Django)",
    "set_language": "Django's i18n view (django.conf.urls.i18n)",
}

# A query string for pages that answer 404 without one (a picker names its field).
QUERY = {
    "agreements:autocomplete": "?kind=PKS&field=parent&q=berlaku",
    "partners:autocomplete": "?q=Universitas",
    "agreements:document-original": "?pihak=2",
}

# What "pk" is, by URL name prefix (the first match wins).
PK_BY_PREFIX = [
    ("agreements:sign", "cleared"),
    ("agreements:document-original", "cleared"),
    ("agreements:terminate", "signed"),
    ("agreements:addendum", "signed"),
    ("agreements:regulation-edit", "regulation"),
    ("agreements:", "draft"),
    ("evaluations:report-render-", "report_render"),
    ("evaluations:report-file", "report"),
    ("evaluations:report-status", "report"),
    ("evaluations:", "evaluation"),
    ("offices:user-", "user"),
    ("offices:membership-", "user"),
    ("offices:", "office"),
    ("partners:import-", "partner_import"),
    ("partners:", "partner"),
    ("reviews:", "review"),
    ("notifications:", "notification"),
]
# Every other parameter, by its name.
PARAMS = {
    "party_pk": "party",
    "clause_pk": "clause",
    "attachment_pk": "attachment",
    "document_pk": "document",
    "activity_pk": "activity",
    "evidence_pk": "evidence",
    "office_pk": "office",
    "contact_pk": "contact",
    "log_pk": "merge_log",
    "membership_pk": "membership",
    "official_pk": "official",
    "year": "year",
    "semester": "semester",
    "kind": "kind",
}


# Objects that belong to no office (the same on both sides): a route needing only these
# has one target, "".
SHARED = {"kind", "regulation"}


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    params: tuple[str, ...]


def _walk(patterns, prefix: str = "", namespace: str | None = None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield name, prefix + str(pattern.pattern), tuple(pattern.pattern.converters)


def excluded(name: str | None, route: str) -> bool:
    if route.startswith("admin/"):
        return True
    return name is not None and (name in EXCLUDED or name.split(":")[0] in EXCLUDED)


def routes() -> list[Route]:
    """The app's URL patterns; an unnamed one is an error the matrix reports."""
    found = {}
    for name, route, params in _walk(get_resolver().url_patterns):
        if excluded(name, route):
            continue
        found.setdefault(name or f"<unnamed {route}>", Route(name or "", route, params))
    return sorted(found.values(), key=lambda r: r.route)


def _object_key(name: str, param: str) -> str | None:
    if param != "pk":
        return PARAMS.get(param)
    return next((key for prefix, key in PK_BY_PREFIX if name.startswith(prefix)), None)


def targets(route: Route, sides: dict) -> dict[str, str]:
    """{side: URL} for each side that has every object the route needs (a route without
    parameters, or with shared objects only, has the one target "")."""
    query = QUERY.get(route.name, "")
    keys = {param: _object_key(route.name, param) for param in route.params}
    unknown = [param for param, key in keys.items() if key is None]
    if unknown:
        raise LookupError(
            f"{route.name}: no object for <{'>, <'.join(unknown)}>; map it in PARAMS or "
            "PK_BY_PREFIX of tests/matrix/routes.py (and make one in world.py)"
        )
    candidates = {"": sides["pon"]} if set(keys.values()) <= SHARED else sides
    urls = {}
    for side_name, side in candidates.items():
        if set(keys.values()) <= set(side.objects):
            kwargs = {p: getattr(side.objects[k], "pk", side.objects[k]) for p, k in keys.items()}
            urls[side_name] = reverse(route.name, kwargs=kwargs) + query
    if not urls:
        raise LookupError(f"{route.name}: world.py makes no {sorted(set(keys.values()))}")
    return urls


def read_table() -> dict[tuple[str, str, str], dict[str, str]]:
    """(name, method, target) → {column: expected status, "note": …}."""
    with TABLE.open(newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.reader(handle) if r and not r[0].startswith("#")]
    assert rows[0] == HEADER, f"{TABLE.name}: the header must be {','.join(HEADER)}"
    table = {}
    for row in rows[1:]:
        assert len(row) == len(HEADER), f"{TABLE.name}: {len(HEADER)} cells expected in {row}"
        record = dict(zip(HEADER, row, strict=True))
        key = (record.pop("name"), record.pop("method"), record.pop("target"))
        assert key not in table, f"{TABLE.name}: {key} twice"
        table[key] = record
    return table


def table_row(name: str, method: str, target: str, observed: dict[str, str], note="") -> str:
    """The CSV line for a row, to paste into expected.csv."""
    cells = [name, method, target, *(observed[column] for column in COLUMNS), note]
    return ",".join(f'"{c}"' if "," in c else c for c in cells)
