"""Optimistic locking on every edit form: a form opened before someone else saved is refused
with the one STALE_EDIT message and overwrites nothing (partner, Pasal, clause template,
evaluation activity, instrument, office, user page)."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

from agreements import clauses, services
from agreements.models import Agreement
from core.locking import STALE_EDIT
from evaluations import activities
from evaluations.instruments import current_instrument, instrument_new_version
from offices import services as office_services
from offices.models import Membership
from partners import services as partner_services
from tests.factories import member, signed_agreement
from tests.workflows import draft_fields, open_evaluation

pytestmark = pytest.mark.django_db
STALE = str(STALE_EDIT)
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def opened_version(response, name: str = "lock_version") -> int:
    """The version an edit page hands to its form (the hidden field)."""
    found = re.search(rf'name="{name}" value="(\d+)"', response.content.decode())
    assert found, f"no hidden {name} in the form"
    return int(found.group(1))


def as_user(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_one_lazily_translated_stale_message_everywhere():
    import agreements.services
    import evaluations.services

    assert isinstance(STALE_EDIT, Promise)
    assert not hasattr(agreements.services, "STALE")
    assert not hasattr(evaluations.services, "STALE")
    with translation.override("en"):
        assert str(STALE_EDIT).startswith("This data has been changed by someone else")


def test_partner_edit_opened_before_another_save_is_refused(operator, umpo, offices):
    url = reverse("partners:update", args=[umpo.pk])
    client = as_user(operator)
    opened = opened_version(client.get(url))
    province = member("operator.jatim", "35", Membership.Role.OPERATOR)
    partner_services.partner_update(
        actor=province, partner=umpo, lock_version=opened, leader_name="Dr. Happy Susanto"
    )
    response = client.post(
        url,
        {
            "name": umpo.name,
            "short_name": "UMPO",
            "category": umpo.category,
            "leader_title": "Rektor",
            "leader_name": "Nama Lama",
            "lock_version": opened,
        },
    )
    assert response.status_code == 200
    assert STALE in response.content.decode()
    umpo.refresh_from_db()
    assert umpo.leader_name == "Dr. Happy Susanto"


@pytest.fixture
def draft(operator, ponorogo, umpo) -> Agreement:
    return services.agreement_create(
        user=operator, office=ponorogo, kind="NK", **draft_fields(umpo)
    )


def test_clause_edit_opened_before_another_save_is_refused_and_text_kept(operator, draft):
    clause = draft.clauses.get(position=3)
    url = reverse("agreements:clause-edit", args=[draft.pk, clause.pk])
    client = as_user(operator)
    opened = opened_version(client.get(url, **HTMX))
    colleague = member("operator2.ponorogo", "35.02", Membership.Role.OPERATOR)
    clauses.clause_update(
        user=colleague,
        clause=clause,
        heading="Pelaksanaan",
        body="Teks rekan.",
        lock_version=opened,
    )
    response = client.post(
        url, {"heading": "Pelaksanaan", "body": "Teks saya.", "lock_version": opened}, **HTMX
    )
    html = response.content.decode()
    assert STALE in html and "Teks saya." in html  # the typed text is not lost
    clause.refresh_from_db()
    assert clause.body == "Teks rekan."


def test_a_move_does_not_make_an_open_clause_form_stale(operator, draft):
    clause = draft.clauses.get(position=3)
    opened = clause.lock_version
    clauses.clause_move(user=operator, clause=draft.clauses.get(position=1), direction="down")
    clauses.clause_update(
        user=operator, clause=clause, heading="Pelaksanaan", body="Baru.", lock_version=opened
    )
    clause.refresh_from_db()
    assert clause.body == "Baru."


def test_clause_template_opened_before_a_new_version_is_refused(ri_admin, offices):
    url = reverse("agreements:clause-template-edit", args=["PKS"])
    client = as_user(ri_admin)
    opened = opened_version(client.get(url))
    items = [{"position": 1, "heading": "Maksud", "key": "", "body": "Isi.", "required": False}]
    clauses.template_new_version(
        user=ri_admin, kind="PKS", items=items, note="Rekan", lock_version=opened
    )
    data = {
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "1",
        "items-0-heading": "Tujuan",
        "items-0-body": "Isi lain.",
        "note": "Saya",
        "lock_version": opened,
    }
    response = client.post(url, data)
    assert STALE in response.content.decode()
    assert clauses.current_template("PKS").note == "Rekan"


@pytest.fixture
def activity(operator, ponorogo, umpo):
    evaluation = open_evaluation(signed_agreement(ponorogo, partner=umpo))
    return activities.activity_add(
        user=operator,
        evaluation=evaluation,
        date=datetime.date(2026, 3, 10),
        description="Sosialisasi",
        place="Aula UMPO",
        participants=100,
    )


def test_activity_edit_opened_before_another_save_is_refused(operator, activity):
    evaluation = activity.evaluation
    url = reverse("evaluations:activity-edit", args=[evaluation.pk, activity.pk])
    client = as_user(operator)
    opened = opened_version(client.get(url))
    colleague = member("operator2.ponorogo", "35.02", Membership.Role.OPERATOR)
    activities.activity_update(
        user=colleague, activity=activity, lock_version=opened, participants=250
    )
    response = client.post(
        url,
        {
            "date": "2026-03-10",
            "description": "Sosialisasi",
            "place": "Aula UMPO",
            "participants": 90,
            "lock_version": opened,
        },
    )
    assert response.status_code == 200
    assert STALE in response.content.decode()
    activity.refresh_from_db()
    assert activity.participants == 250


def _instrument_post(lock_version: int) -> dict:
    data = {
        "grace_days": "30",
        "review_from": "40",
        "improve_from": "60",
        "continue_from": "80",
        "note": "Versi saya",
        "lock_version": str(lock_version),
        "criteria-TOTAL_FORMS": "1",
        "criteria-INITIAL_FORMS": "1",
        "criteria-0-name": "Satu-satunya",
        "criteria-0-weight": "100",
    }
    return data | {f"criteria-0-descriptor_{n}": f"Skor {n}" for n in range(1, 6)}


def test_instrument_opened_before_a_new_version_is_refused(ri_admin, offices):
    url = reverse("evaluations:instrument")
    client = as_user(ri_admin)
    opened = opened_version(client.get(url))
    criteria = [{"name": "Rekan", "weight": 100, "descriptors": ["a", "b", "c", "d", "e"]}]
    current = current_instrument()
    instrument_new_version(
        user=ri_admin,
        criteria=criteria,
        note="Versi rekan",
        grace_days=30,
        continue_from=current.continue_from,
        improve_from=current.improve_from,
        review_from=current.review_from,
        lock_version=opened,
    )
    response = client.post(url, _instrument_post(opened))
    assert STALE in response.content.decode()
    assert current_instrument().note == "Versi rekan"


def test_office_edit_opened_before_another_save_is_refused(jatim_admin, ponorogo, offices):
    url = reverse("offices:update", args=[ponorogo.pk])
    client = as_user(jatim_admin)
    opened = opened_version(client.get(url))
    ponorogo.address = "Alamat dari admin lain"
    office_services.office_update(
        actor=jatim_admin, office=ponorogo, lock_version=opened, fields=["address"]
    )
    response = client.post(
        url, {"city": "Ponorogo", "address": "Alamat saya", "lock_version": opened}
    )
    assert response.status_code == 200
    assert STALE in response.content.decode()
    ponorogo.refresh_from_db()
    assert ponorogo.address == "Alamat dari admin lain"


def test_user_page_opened_before_another_admin_changed_the_user_is_refused(
    jatim_admin, operator, ponorogo
):
    url = reverse("offices:user-detail", args=[operator.pk])
    client = as_user(jatim_admin)
    opened = opened_version(client.get(url))
    other_admin = member("admin2.jatim", "35", Membership.Role.ADMIN)
    office_services.membership_add(
        actor=other_admin,
        user=operator,
        office=ponorogo,
        role=Membership.Role.COMMISSIONER,
        lock_version=opened,
    )
    response = client.post(
        reverse("offices:user-set-active", args=[operator.pk]),
        {"active": "0", "lock_version": opened},
        follow=True,
    )
    assert STALE in response.content.decode()
    operator.refresh_from_db()
    assert operator.is_active
    response = client.post(
        reverse("offices:membership-add", args=[operator.pk]),
        {"office": ponorogo.pk, "role": Membership.Role.REVIEWER, "lock_version": opened},
        follow=True,
    )
    assert STALE in response.content.decode()
    assert not operator.memberships.filter(role=Membership.Role.REVIEWER).exists()
