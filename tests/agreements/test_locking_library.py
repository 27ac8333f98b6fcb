"""Optimistic locking on the regulations library and the KPU number pattern: a form opened
before someone else saved is refused with the one STALE_EDIT message, re-shown with what was
typed, and overwrites nothing; a form opened afterwards saves."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from agreements.models import NumberingPattern, Regulation
from core.locking import STALE_EDIT
from offices.models import Membership
from tests.factories import member

pytestmark = pytest.mark.django_db
STALE = str(STALE_EDIT)


def opened_version(response) -> int:
    """The version an edit page hands to its form (the hidden field)."""
    found = re.search(r'name="lock_version" value="(\d+)"', response.content.decode())
    assert found, "no hidden lock_version in the form"
    return int(found.group(1))


def as_user(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def regulation_post(regulation: Regulation, lock_version: int, **changes) -> dict:
    data = {
        "type": regulation.type,
        "number": regulation.number,
        "year": regulation.year,
        "title": regulation.title,
        "gazette_number": regulation.gazette_number,
        "supplement_number": regulation.supplement_number,
        "amendment": regulation.amendment,
        "is_active": "on",
        "lock_version": lock_version,
    }
    return data | changes


def test_regulation_edit_opened_before_another_save_is_refused_and_input_kept(ri_admin):
    law = Regulation.objects.get(type="UU", number="10", year=2020)
    url = reverse("agreements:regulation-edit", args=[law.pk])
    mine = as_user(ri_admin)
    opened = opened_version(mine.get(url))
    colleague = as_user(member("admin2.ri", "", Membership.Role.ADMIN))
    saved = colleague.post(url, regulation_post(law, opened, gazette_number="241"))
    assert saved.status_code == 302

    response = mine.post(url, regulation_post(law, opened, title="Bea Meterai Tulisan Saya"))

    html = response.content.decode()
    assert response.status_code == 200
    assert STALE in html
    assert "Bea Meterai Tulisan Saya" in html  # the typed text is re-shown, not lost
    law.refresh_from_db()
    assert (law.title, law.gazette_number) == ("Bea Meterai", "241")
    assert law.lock_version == opened + 1


def test_regulation_edit_opened_after_the_last_save_succeeds(ri_admin):
    law = Regulation.objects.get(type="UU", number="10", year=2020)
    url = reverse("agreements:regulation-edit", args=[law.pk])
    colleague = as_user(member("admin2.ri", "", Membership.Role.ADMIN))
    first = opened_version(colleague.get(url))
    assert colleague.post(url, regulation_post(law, first, gazette_number="241")).status_code == 302
    law.refresh_from_db()
    mine = as_user(ri_admin)
    reopened = opened_version(mine.get(url))

    response = mine.post(url, regulation_post(law, reopened, supplement_number="6572"))

    assert response.status_code == 302
    law.refresh_from_db()
    assert (law.gazette_number, law.supplement_number) == ("241", "6572")
    assert law.lock_version == first + 2


def test_regulation_post_without_a_version_is_refused(ri_admin):
    law = Regulation.objects.get(type="UU", number="10", year=2020)
    url = reverse("agreements:regulation-edit", args=[law.pk])
    data = regulation_post(law, 0, title="Tanpa versi")
    del data["lock_version"]

    response = as_user(ri_admin).post(url, data)

    assert STALE in response.content.decode()
    law.refresh_from_db()
    assert law.title == "Bea Meterai"


@pytest.fixture
def ponorogo_admins(offices):
    return (
        member("admin.ponorogo", "35.02", Membership.Role.ADMIN),
        member("admin2.ponorogo", "35.02", Membership.Role.ADMIN),
    )


@pytest.mark.parametrize("saved_before", [False, True], ids=["default", "saved"])
def test_pattern_opened_before_another_save_is_refused_and_input_kept(
    ponorogo_admins, ponorogo, saved_before
):
    if saved_before:
        NumberingPattern.objects.create(office=ponorogo, pattern="{seq}/LAMA/{year}")
    url = reverse("agreements:numbering")
    mine, colleague = (as_user(admin) for admin in ponorogo_admins)
    opened = opened_version(mine.get(url))
    saved = colleague.post(url, {"pattern": "{seq}/REKAN/{year}", "lock_version": opened})
    assert saved.status_code == 302

    response = mine.post(url, {"pattern": "{seq}/SAYA/{doc}/{year}", "lock_version": opened})

    html = response.content.decode()
    assert response.status_code == 200
    assert STALE in html
    assert 'value="{seq}/SAYA/{doc}/{year}"' in html  # the typed pattern is re-shown
    stored = NumberingPattern.objects.get(office=ponorogo)
    assert stored.pattern == "{seq}/REKAN/{year}"
    assert stored.lock_version == opened + 1


def test_pattern_opened_after_the_last_save_succeeds(ponorogo_admins, ponorogo):
    url = reverse("agreements:numbering")
    mine, colleague = (as_user(admin) for admin in ponorogo_admins)
    assert opened_version(colleague.get(url)) == 0  # no pattern saved yet
    saved = colleague.post(url, {"pattern": "{seq}/REKAN/{year}", "lock_version": 0})
    assert saved.status_code == 302
    reopened = opened_version(mine.get(url))
    assert reopened == 1

    response = mine.post(url, {"pattern": "{seq}/SAYA/{year}", "lock_version": reopened})

    assert response.status_code == 302
    stored = NumberingPattern.objects.get(office=ponorogo)
    assert (stored.pattern, stored.lock_version) == ("{seq}/SAYA/{year}", 2)
