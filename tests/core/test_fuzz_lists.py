"""No list answers 5xx, whatever its query string: every list view and export is fuzzed with
hypothesis as each kind of persona (operator, reviewer, commissioner and admin at the regency,
province and national levels, and another regency's operator).

The parameters of each list are read from its own page (the names and choices of its GET
forms and the query strings of its links), so a filter added later is fuzzed without touching
this file. Values mix the page's own choices with hostile ones: huge and negative numbers,
NUL and other control characters, long strings, impossible dates.
"""

from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

PERSONAS = [
    "operator",
    "commissioner",
    "reviewer",
    "jatim_commissioner",
    "jatim_admin",
    "ri_reviewer",
    "ri_admin",
    "outsider",
]

# (URL name, needs the Ponorogo office id): every list view and export reachable with GET.
LISTS = [
    ("agreements:list", False),
    ("agreements:export", False),
    ("partners:list", False),
    ("partners:export", False),
    ("offices:list", False),
    ("offices:user-list", False),
    ("evaluations:office", True),
    ("reviews:queue", False),
    ("notifications:list", False),
    ("dashboards:dashboard", False),
    ("dashboards:oversight", False),
    ("evaluations:index", False),
    ("evaluations:report", True),
    ("agreements:regulations", False),
    ("agreements:clause-templates", False),
    ("offices:officials", True),
]
# Where a page's export has no form of its own, its parameters are those of its list.
PARAMETERS_FROM = {"agreements:export": "agreements:list", "partners:export": "partners:list"}
# Parameters that exist whatever the page shows (paging, sorting, formats, the office asked).
ALWAYS = ["page", "sort", "q", "format", "kantor", "tahun", "semester", "tab", "belum"]

HOSTILE = [
    "",
    "-1",
    "99999999999999999999999",
    "-99999999999999999999999",
    "1e309",
    "NaN",
    "0001-01-01",
    "²",  # a digit to str.isdigit(), not to int()
    "١٢",  # Arabic-Indic digits: int() takes them, a regex [0-9] does not
    "\x00",
    "a\x00b",
    "\x1b[0m",
    "' OR 1=1 --",
    "%",
    "x" * 3000,
]


class _ParameterParser(HTMLParser):
    """Collects the names and option values of GET forms, and the keys of link queries."""

    def __init__(self, path: str):
        super().__init__()
        self.path = path
        self.choices: dict[str, set[str]] = {}
        self._in_get_form = False
        self._select: str | None = None

    def _add(self, name: str, value: str | None = None) -> None:
        values = self.choices.setdefault(name, set())
        if value:
            values.add(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_get_form = (attrs.get("method") or "get").lower() == "get"
        elif tag in ("input", "select", "textarea") and self._in_get_form and attrs.get("name"):
            self._add(attrs["name"], attrs.get("value"))
            self._select = attrs["name"] if tag == "select" else None
        elif tag == "option" and self._select:
            self._add(self._select, attrs.get("value"))
        elif tag == "a" and "?" in (attrs.get("href") or ""):
            link = urlsplit(attrs["href"])
            if link.path in ("", self.path):  # the page's own links, not those to other lists
                for key, value in parse_qsl(link.query, keep_blank_values=True):
                    self._add(key, value)

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_get_form = False
        elif tag == "select":
            self._select = None


def _url(name: str, needs_office: bool, ponorogo) -> str:
    return reverse(name, args=[ponorogo.pk]) if needs_office else reverse(name)


def _parameters(client, url: str) -> dict[str, list[str]]:
    response = client.get(url)
    parser = _ParameterParser(urlsplit(url).path)
    if response.get("Content-Type", "").startswith("text/html"):
        parser.feed(response.content.decode())
    choices = {name: sorted(values) for name, values in parser.choices.items()}
    for name in ALWAYS:
        choices.setdefault(name, [])
    return choices


def _query(choices: dict[str, list[str]]):
    """A strategy for query strings: up to five parameters, each once or twice."""

    def values(name: str):
        own = [st.sampled_from(choices[name])] if choices[name] else []
        return st.one_of(
            *own,
            st.sampled_from(HOSTILE),
            st.integers(min_value=-(10**25), max_value=10**25).map(str),
            st.text(st.characters(codec="utf-8"), max_size=40),
        )

    pair = st.sampled_from(sorted(choices)).flatmap(
        lambda name: st.lists(values(name), min_size=1, max_size=2).map(lambda v: (name, v))
    )
    return st.lists(pair, max_size=5).map(dict)


def _get(client, url: str, query: dict):
    # A savepoint per request: a database error in one request must not abort the test's
    # transaction and turn every later example into a failure of its own.
    with transaction.atomic():
        return client.get(url, query)


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_query_strings_never_answer_5xx(request, login, ponorogo, ponorogo_data, persona):
    """Random combinations of parameters on random lists, 30 requests per persona."""
    client = login(request.getfixturevalue(persona))
    client.raise_request_exception = False
    urls = [_url(name, needs_office, ponorogo) for name, needs_office in LISTS]
    sources = [_url(PARAMETERS_FROM.get(name, name), n, ponorogo) for name, n in LISTS]
    choices = [_parameters(client, source) for source in sources]
    cases = st.integers(min_value=0, max_value=len(LISTS) - 1).flatmap(
        lambda i: st.tuples(st.just(urls[i]), _query(choices[i]))
    )

    @settings(max_examples=30, deadline=None, database=None)
    @given(cases)
    def check(case):
        url, query = case
        response = _get(client, url, query)
        assert response.status_code < 500, (url, query, response.status_code)

    check()


# Who sweeps each list: someone who may see it, with the smallest scope that shows rows (a
# national scope renders every office in the filter's select, which only slows the sweep).
SWEEPER = {"offices:user-list": "jatim_admin", "reviews:queue": "reviewer"}


@pytest.mark.parametrize(("name", "needs_office"), LISTS, ids=[name for name, _ in LISTS])
def test_every_parameter_survives_every_hostile_value(
    request, login, ponorogo, ponorogo_data, name, needs_office
):
    """Deterministic: each parameter of each list alone with each hostile value."""
    client = login(request.getfixturevalue(SWEEPER.get(name, "operator")))
    client.raise_request_exception = False
    url = _url(name, needs_office, ponorogo)
    source = PARAMETERS_FROM.get(name)
    choices = _parameters(client, _url(source, False, ponorogo) if source else url)
    failures = []
    for parameter in sorted(choices):
        for value in HOSTILE:
            status = _get(client, url, {parameter: value}).status_code
            if status >= 500:
                failures.append((parameter, value[:20], status))
    assert failures == [], url


@pytest.mark.parametrize("parameter", ["year", "signed_year"])
def test_an_impossible_year_is_a_form_error_on_the_list_and_its_export(
    login, operator, ponorogo_data, parameter
):
    client = login(operator)
    year = {parameter: "99999999999999999999999"}
    page = client.get(reverse("agreements:list"), year)
    assert page.status_code == 200
    assert page.context["filter"].errors[parameter]
    assert "2100" in page.content.decode()  # the message names the limit
    export = client.get(reverse("agreements:export"), year)
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
