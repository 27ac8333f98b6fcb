"""The URL matrix: every URL pattern of the resolver (Django's admin and i18n views excluded,
see routes.EXCLUDED) × every persona (anonymous; operator, reviewer, commissioner and admin of
KPU Kabupaten Ponorogo, of KPU Provinsi Jawa Timur and of KPU RI; Sleman's operator) × GET and
POST, against objects of Ponorogo and of Sleman, compared with expected.csv.

- A URL without a row in expected.csv fails, printing the row to add (check every status
  before pasting it).
- A GET, and a POST that is refused (login, 400, 403, 404, 405), changes nothing: a
  fingerprint of the app's tables (row counts, latest updated_at) is the same after it.
- No page shows a persona an agreement title or a notification of an office outside its
  scope (marker strings in world.py).

Each request runs in a savepoint that is rolled back, so every request sees the same data.
Run it alone with `pytest -m matrix` (or `pytest tests/matrix`).
"""

import os
from http.cookies import SimpleCookie

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse

from offices.models import Office
from tests.matrix import routes
from tests.matrix.world import COLUMNS, SEES, SIDES, build

pytestmark = [pytest.mark.matrix, pytest.mark.django_db]
ROUTES = routes.routes()
REFUSED = {"login", "400", "403", "404", "405"}
APP_LABELS = [
    "core",
    "offices",
    "partners",
    "agreements",
    "evaluations",
    "reviews",
    "notifications",
]
TEXT_TYPES = ("text/", "application/json")


def _fingerprint_sql() -> str:
    quote = connection.ops.quote_name
    parts = []
    for label in APP_LABELS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            table = model._meta.db_table
            names = {f.column for f in model._meta.concrete_fields}
            latest = "max(updated_at)::text" if "updated_at" in names else "NULL"
            parts.append(f"SELECT '{table}', count(*), {latest} FROM {quote(table)}")  # noqa: S608
    return " UNION ALL ".join(parts)


def fingerprint() -> dict:
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql())
        return {table: (count, latest) for table, count, latest in cursor.fetchall()}


class World:
    def __init__(self, users, sides):
        self.users = users
        self.sides = sides
        self.clients = {"anon": Client()}
        self.sessions = {"anon": None}
        for column, user in users.items():
            client = Client()
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            self.clients[column] = client
            self.sessions[column] = client.cookies[settings.SESSION_COOKIE_NAME].value
        self.baseline = fingerprint()
        self.login = reverse("login")

    def client(self, column: str) -> Client:
        """The persona's client with only its session cookie (a logout or a language switch
        by an earlier request is forgotten, as its database effects are rolled back)."""
        client = self.clients[column]
        client.cookies = SimpleCookie()
        if self.sessions[column]:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[column]
        return client


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("matrix-media")
    with (
        override_settings(MEDIA_ROOT=media),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        if not Office.objects.exists():
            call_command("load_offices", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        yield World(*build())
        transaction.set_rollback(True)


def _status(world: World, response) -> str:
    redirect = response.status_code in (301, 302, 303, 307)
    if redirect and response["Location"].startswith(world.login):
        return "login"
    return str(response.status_code)


def _leaks(world: World, column: str, response) -> list[str]:
    if not response.get("Content-Type", "").startswith(TEXT_TYPES):
        return []
    body = response.content.decode("utf-8", errors="replace")
    found = []
    for name, side in world.sides.items():
        if column not in SEES[name] and side.marker in body:
            found.append(f"shows {name}'s agreement ({side.marker})")
        if column != SIDES[name][1] and side.message in body:
            found.append(f"shows {name}'s notification to its operator ({side.message})")
    return found


def request(world: World, column: str, method: str, url: str) -> tuple[str, list[str]]:
    """(status, problems) of one request, rolled back afterwards."""
    problems = []
    with transaction.atomic():
        client = world.client(column)
        try:
            response = client.get(url) if method == "GET" else client.post(url)
        except Exception as error:  # noqa: BLE001 — a 500: reported with its cause
            transaction.set_rollback(True)
            return "500", [f"{type(error).__name__}: {str(error)[:300]}"]
        status = _status(world, response)
        if status == "200":
            problems += _leaks(world, column, response)
        if method == "GET" or status in REFUSED:
            after = fingerprint()
            changed = sorted(t for t in after if after[t] != world.baseline.get(t))
            if changed:
                problems.append(f"changed {', '.join(changed)}")
        if response.streaming:
            # Read to the end: the test client then closes the file without firing
            # request_finished (which would close the connection inside this transaction).
            b"".join(response.streaming_content)
        transaction.set_rollback(True)
    return status, problems


def _record(name: str, method: str, target: str, observed: dict[str, str]) -> None:
    """With URL_MATRIX_RECORD=<file>, every observed row is appended there for review."""
    path = os.environ.get("URL_MATRIX_RECORD")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(routes.table_row(name, method, target, observed) + "\n")


@pytest.mark.parametrize("route", ROUTES, ids=[r.name or r.route for r in ROUTES])
def test_url_answers_each_persona_as_the_table_says(world, route):
    assert route.name, f"URL {route.route} has no name: name it, then add its rows"
    table = routes.read_table()
    failures, missing = [], []
    for target, url in routes.targets(route, world.sides).items():
        for method in routes.METHODS:
            observed, problems = {}, []
            for column in COLUMNS:
                status, found = request(world, column, method, url)
                observed[column] = status
                problems += [f"{method} {url} as {column}: {p}" for p in found]
            _record(route.name, method, target, observed)
            failures += problems
            expected = table.get((route.name, method, target))
            if expected is None:
                missing.append(routes.table_row(route.name, method, target, observed))
                continue
            failures += [
                f"{method} {url} ({target or '-'}) as {column}: expected {expected[column]}, "
                f"got {observed[column]}"
                for column in COLUMNS
                if observed[column] != expected[column]
            ]
    if missing:
        failures.append(
            f"No row in tests/matrix/{routes.TABLE.name} for {route.name}. Check each status "
            "below is what it should be, then add:\n" + "\n".join(missing)
        )
    assert not failures, "\n".join(failures)


def test_table_has_no_rows_for_requests_the_matrix_does_not_make(world):
    made = {
        (route.name, method, target)
        for route in ROUTES
        if route.name
        for target in routes.targets(route, world.sides)
        for method in routes.METHODS
    }
    stale = sorted(set(routes.read_table()) - made)
    assert not stale, f"Remove these rows from tests/matrix/{routes.TABLE.name}: {stale}"


def test_exclusions_are_only_django_admin_and_i18n():
    assert set(routes.EXCLUDED) == {"admin", "set_language"}
    assert all(not r.route.startswith(("admin/", "i18n/")) for r in ROUTES)
    assert {"home", "login", "agreements:detail", "partners:list"} <= {r.name for r in ROUTES}


def test_the_checks_can_fail(world):
    """Controls: the markers do show where they may (else the leak check would pass on pages
    that show nothing), and a change does move the fingerprint."""
    pon, sle = world.sides["pon"], world.sides["sle"]
    listing = reverse("agreements:list")
    as_operator = world.client("op.pon").get(listing).content.decode()
    as_national = world.client("op.ri").get(listing).content.decode()
    assert pon.marker in as_operator and sle.marker not in as_operator
    assert pon.marker in as_national and sle.marker in as_national
    bell = world.client("op.pon").get(reverse("notifications:list")).content.decode()
    assert pon.message in bell
    with transaction.atomic():
        pon.objects["draft"].save()
        assert fingerprint() != world.baseline
        transaction.set_rollback(True)
    assert fingerprint() == world.baseline
