"""Shared fixtures: the 553 offices loaded once, and the personas every view is tested with.

Personas: an operator and a commissioner of KPU Kabupaten Ponorogo; a reviewer, a
commissioner and an admin of KPU Provinsi Jawa Timur; an operator and an admin of KPU
Kabupaten Sleman (the outsiders); a reviewer and an admin of KPU RI.
"""

import datetime
import logging

import pytest
from django.core.management import call_command

from agreements import services as agreement_services
from agreements.models import Agreement
from evaluations.selectors import office_today
from offices.models import Membership, Office
from partners.models import Partner
from tests.factories import (
    PASSWORD,
    AgreementFactory,
    EvaluationFactory,
    PartnerFactory,
    ReviewFactory,
    member,
    signed_agreement,
)
from tests.workflows import draft_fields, fill_bracketed

Role = Membership.Role


def _ensure_offices() -> None:
    if not Office.objects.exists():
        call_command("load_offices", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture(scope="session")
def django_db_modify_db_settings():
    """A test database per run, so two runs on one server (two developers, or CI beside a
    developer) never drop each other's database."""
    import os

    from django.db import connections

    for connection in connections.all():
        test = connection.settings_dict.setdefault("TEST", {})
        base = test.get("NAME") or f"test_{connection.settings_dict['NAME']}"
        test["NAME"] = f"{base}_{os.getpid()}"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _ensure_offices()


@pytest.fixture(autouse=True)
def own_cache_keys(settings):
    """Each test caches under keys of its own (the cache is the real, shared Redis), so a
    figure cached by one test, or by another run on the same server, is never read by the
    next."""
    import uuid

    caches = {alias: dict(config) for alias, config in settings.CACHES.items()}
    for config in caches.values():
        config["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    settings.CACHES = caches


@pytest.fixture
def offices(db):
    """The offices, reloaded when a transactional test has flushed them."""
    _ensure_offices()


@pytest.fixture
def ponorogo(offices) -> Office:
    return Office.objects.get(code="35.02")


@pytest.fixture
def jatim(offices) -> Office:
    return Office.objects.get(code="35")


@pytest.fixture
def sleman(offices) -> Office:
    return Office.objects.get(code="34.04")


def _persona(username: str, office_code: str, role: str):
    """A fixture: `username`, holding `role` in the office coded `office_code`."""

    def persona(offices):
        return member(username, office_code, role)

    return pytest.fixture(persona)


operator = _persona("operator.ponorogo", "35.02", Role.OPERATOR)
commissioner = _persona("komisioner.ponorogo", "35.02", Role.COMMISSIONER)
reviewer = _persona("verifikator.jatim", "35", Role.REVIEWER)
ri_reviewer = _persona("verifikator.ri", "", Role.REVIEWER)
jatim_commissioner = _persona("komisioner.jatim", "35", Role.COMMISSIONER)
jatim_admin = _persona("admin.jatim", "35", Role.ADMIN)
outsider = _persona("operator.sleman", "34.04", Role.OPERATOR)
sleman_admin = _persona("admin.sleman", "34.04", Role.ADMIN)
ri_admin = _persona("admin.ri", "", Role.ADMIN)


@pytest.fixture
def login(client):
    """login(user) signs the test client in as `user` and returns the client."""

    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def celery_worker(transactional_db, offices):
    """A real Celery worker (in a thread) taking tasks from the real Redis broker.

    It listens on a queue of its own, so a worker of `make run` on the same Redis never takes
    the tests' tasks (and the tests' worker never takes the app's).
    """
    import os

    from celery.contrib.testing.worker import start_worker
    from celery.signals import task_postrun
    from django.db import connection

    from kpu_kerjasama.celery import app

    def close_connection(**kwargs):
        # Runs in the worker's thread: its connection would keep the test database open.
        connection.close()

    task_postrun.connect(close_connection, weak=False)
    # Celery's logging setup sets the root logger's level (to ERROR) for the rest of the
    # process: later tests would no longer see a warning in caplog.
    root = logging.getLogger()
    root_level = root.level
    queue = f"tests-{os.getpid()}"
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue]) as worker:
            yield worker
    finally:
        app.conf.task_default_queue = previous
        task_postrun.disconnect(close_connection)
        root.setLevel(root_level)


# --- Files, the usual partner and complete drafts -------------------------------------------


@pytest.fixture
def private_media(settings, tmp_path):
    """Uploaded and rendered files go under tmp_path (the private storage follows MEDIA_ROOT);
    the directories whose every test writes files request it from an autouse fixture."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def umpo(ponorogo) -> Partner:
    """Universitas Muhammadiyah Ponorogo, registered by KPU Kabupaten Ponorogo."""
    return PartnerFactory(umpo=True, registered_by=ponorogo)


@pytest.fixture
def make_draft(operator, ponorogo, umpo):
    """make_draft(kind="NK", **fields) → a complete draft of KPU Kabupaten Ponorogo, its
    template placeholders filled in (pass filled=False to keep them)."""

    def _make(kind: str = "NK", user=None, office=None, filled: bool = True, **extra) -> Agreement:
        agreement = agreement_services.agreement_create(
            user=user or operator,
            office=office or ponorogo,
            kind=kind,
            **draft_fields(umpo, **extra),
        )
        return fill_bracketed(agreement) if filled else agreement

    return _make


@pytest.fixture
def nk_draft(make_draft) -> Agreement:
    return make_draft("NK")


# --- Agreements in every time status (dashboards, home page, their browser test) ---

DAY = datetime.timedelta(days=1)


@pytest.fixture
def today(ponorogo) -> datetime.date:
    return office_today(ponorogo)


@pytest.fixture
def ponorogo_data(ponorogo, jatim, today, operator, umpo):
    """Ponorogo (35.02) holds everything: an active NK, a PKS ending in 20 days, a terminated
    PKS, a draft, an overdue evaluation and a review waiting at Jawa Timur."""
    polres = PartnerFactory(
        name="Kepolisian Resor Ponorogo", category="SECURITY", registered_by=ponorogo
    )
    nk = signed_agreement(
        ponorogo,
        "NK pendidikan pemilih",
        start=today - 400 * DAY,
        end=today + 1400 * DAY,
        partner=umpo,
        scope=["VOTER_EDUCATION"],
        registered_without_review=True,
    )
    pks = signed_agreement(
        ponorogo,
        "PKS pengamanan",
        kind="PKS",
        start=today - 700 * DAY,
        end=today + 20 * DAY,
        partner=polres,
        scope=["SECURITY"],
        divisi=Agreement.Divisi.TECHNICAL,
    )
    signed_agreement(
        ponorogo,
        "PKS berakhir dini",
        kind="PKS",
        start=today - 300 * DAY,
        end=today + 300 * DAY,
        partner=umpo,
        scope=["VOTER_EDUCATION"],
        state="TERMINATED",
        terminated_on=today - 10 * DAY,
    )
    draft = AgreementFactory(office=ponorogo, kind="PKS", title="Draf KKN")
    EvaluationFactory(agreement=nk, year=today.year - 1, semester=2, due_date=today - 30 * DAY)
    ReviewFactory(subject=draft, office=jatim, submitted_by=operator)
    return {"nk": nk, "pks": pks, "draft": draft}
