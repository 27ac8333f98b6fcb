"""Create forms are idempotent: a double click or concurrent reposts of one form create one
row (core.form_tokens). The concurrent cases post from threads, each with its own database
connection, in transactional tests."""

import datetime
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from core.form_tokens import clear_old_form_tokens
from core.models import FormSubmission
from evaluations.models import Activity
from partners.models import Contact, Partner
from tests.factories import signed_agreement
from tests.workflows import open_evaluation

PARTNER = {
    "name": "Institut Agama Islam Sunan Giri",
    "short_name": "INSURI",
    "category": Partner.Category.UNIVERSITY,
    "leader_title": "Rektor",
    "confirm_new": "on",
}
ACTIVITY = {
    "date": "2026-03-10",
    "description": "Sosialisasi pendidikan pemilih",
    "place": "Aula UMPO",
    "participants": "120",
}


def as_user(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def form_token(response) -> str:
    found = re.search(r'name="form_token" value="([^"]+)"', response.content.decode())
    assert found, "no form token in the form"
    return found.group(1)


def post_at_once(user, url: str, data: dict, times: int = 4) -> list:
    """`times` identical posts released together, each thread with its own connection."""
    barrier = threading.Barrier(times)

    def post(_n):
        client = as_user(user)
        try:
            barrier.wait(timeout=30)
            return client.post(url, data)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=times) as pool:
        return list(pool.map(post, range(times)))


@pytest.mark.django_db(transaction=True)
def test_four_concurrent_identical_partner_creations_make_one(operator, offices):
    url = reverse("partners:create")
    token = form_token(as_user(operator).get(url))
    responses = post_at_once(operator, url, PARTNER | {"form_token": token})
    partners = Partner.objects.filter(name=PARTNER["name"])
    assert partners.count() == 1
    page = partners.get().get_absolute_url()
    assert [(r.status_code, r["Location"]) for r in responses] == [(302, page)] * 4


@pytest.mark.django_db(transaction=True)
def test_four_concurrent_identical_activity_adds_make_one(operator, ponorogo, offices):
    evaluation = open_evaluation(signed_agreement(ponorogo))
    url = reverse("evaluations:activity-add", args=[evaluation.pk])
    token = form_token(as_user(operator).get(url))
    responses = post_at_once(operator, url, ACTIVITY | {"form_token": token})
    assert Activity.objects.filter(evaluation=evaluation).count() == 1
    assert {r.status_code for r in responses} == {302}


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_identical_agreement_creations_make_one(operator, ponorogo, offices):
    from agreements.models import Agreement

    umpo = Partner.objects.create(
        name="Universitas Muhammadiyah Ponorogo", category="UNIVERSITY", registered_by=ponorogo
    )
    url = reverse("agreements:create") + "?kind=NK"
    token = form_token(as_user(operator).get(url))
    data = {
        "kind": "NK",
        "title": "Pendidikan Pemilih",
        "kpu_signatory_name": "Ketua",
        "kpu_signatory_title": "KETUA",
        "divisi": "PARTICIPATION",
        "start_date": "2025-09-11",
        "end_date": "2030-09-10",
        "evaluation_frequency": "SEMESTER",
        "partner": umpo.pk,
        "form_token": token,
    }
    responses = post_at_once(operator, url, data, times=2)
    assert Agreement.objects.filter(title="Pendidikan Pemilih").count() == 1
    assert {r.status_code for r in responses} == {302}


@pytest.mark.django_db
def test_a_repost_is_told_it_was_saved_once(login, operator, offices):
    client = login(operator)
    url = reverse("partners:create")
    data = PARTNER | {"form_token": form_token(client.get(url))}
    client.post(url, data)
    again = client.post(url, data, follow=True)
    assert Partner.objects.filter(name=PARTNER["name"]).count() == 1
    assert "sudah dikirim" in again.content.decode()
    assert again.redirect_chain[-1][0] == Partner.objects.get().get_absolute_url()


@pytest.mark.django_db
def test_a_fresh_form_creates_again(login, operator, offices):
    """Two forms (two tokens) are two intents: the token stops repeats, not new entries."""
    client = login(operator)
    url = reverse("partners:create")
    for _ in range(2):
        client.post(url, PARTNER | {"form_token": form_token(client.get(url))})
    assert Partner.objects.filter(name=PARTNER["name"]).count() == 2


@pytest.mark.django_db
def test_a_refused_post_leaves_its_token_unused(login, operator, offices):
    client = login(operator)
    url = reverse("partners:create")
    data = PARTNER | {"form_token": form_token(client.get(url))}
    refused = client.post(url, data | {"email": "bukan-email"})
    assert refused.status_code == 200 and not Partner.objects.exists()
    assert client.post(url, data).status_code == 302
    assert Partner.objects.count() == 1


@pytest.mark.django_db
def test_another_users_token_shows_nothing_of_theirs(login, operator, outsider, offices):
    url = reverse("partners:create")
    token = form_token(login(operator).get(url))
    login(operator).post(url, PARTNER | {"form_token": token})
    response = login(outsider).post(url, PARTNER | {"form_token": token, "name": "Lain"})
    assert response.status_code == 200
    assert "tidak berlaku lagi" in response.content.decode()
    assert Partner.objects.count() == 1


@pytest.mark.django_db
def test_a_double_clicked_contact_is_added_once(login, operator, ponorogo):
    partner = Partner.objects.create(name="Polres", category="SECURITY", registered_by=ponorogo)
    client = login(operator)
    token = form_token(client.get(partner.get_absolute_url()))
    url = reverse("partners:contact-add", args=[partner.pk])
    for _ in range(2):
        client.post(url, {"name": "Iptu Sari", "form_token": token})
    assert Contact.objects.filter(partner=partner).count() == 1


@pytest.mark.django_db
def test_old_tokens_are_cleared(operator):
    FormSubmission.objects.create(token="lama", user=operator, purpose="partner")
    FormSubmission.objects.create(token="baru", user=operator, purpose="partner")
    FormSubmission.objects.filter(token="lama").update(
        created_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )
    assert clear_old_form_tokens() == 1
    assert list(FormSubmission.objects.values_list("token", flat=True)) == ["baru"]
