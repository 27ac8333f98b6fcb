import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse

from offices.demo import DEMO_PASSWORD, DEMO_USERS

pytestmark = pytest.mark.django_db


def test_login_page_in_indonesian(client, db):
    content = client.get(reverse("login")).content.decode()
    assert "Masuk ke KPU Kerja Sama" in content
    assert 'lang="id"' in content


def test_login_wrong_password_indonesian_message(client, operator):
    response = client.post(reverse("login"), {"username": "operator.ponorogo", "password": "salah"})
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah." in response.content.decode()


def test_login_then_home(client, operator, password):
    response = client.post(
        reverse("login"), {"username": "operator.ponorogo", "password": password}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "KPU Kabupaten Ponorogo" in response.content.decode()


def test_logout_requires_post(login, operator):
    client = login(operator)
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_lockout_is_per_username_and_ip(client, operator, commissioner, password):
    for _ in range(3):
        client.post(reverse("login"), {"username": "operator.ponorogo", "password": "salah"})
    locked = client.post(reverse("login"), {"username": "operator.ponorogo", "password": password})
    assert "Terlalu banyak percobaan masuk" in locked.content.decode()
    # A colleague behind the same office IP still gets in.
    other = client.post(reverse("login"), {"username": "komisioner.ponorogo", "password": password})
    assert other.status_code == 302


def test_password_change_enforces_length(login, operator, password):
    response = login(operator).post(
        reverse("password_change"),
        {"old_password": password, "new_password1": "pendek1", "new_password2": "pendek1"},
    )
    assert "terlalu pendek" in response.content.decode()


def test_language_switch_to_english(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/masuk/"})
    assert response.status_code == 302
    content = client.get(reverse("login")).content.decode()
    assert 'lang="en"' in content
    assert "Sign in to KPU Kerja Sama" in content


@override_settings(DEBUG=False)
def test_seed_demo_refuses_without_debug(offices):
    with pytest.raises(CommandError, match="DEBUG mati"):
        call_command("seed_demo")


@override_settings(DEBUG=True)
def test_seed_demo_idempotent_and_logins_work(client, offices):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.filter(username__in=[u[0] for u in DEMO_USERS]).count() == 11
    from agreements.models import Agreement

    # Ponorogo's two and the six registered in Surabaya, Madiun, Jawa Tengah and Semarang,
    # created once.
    assert Agreement.objects.filter(state="SIGNED").count() == 8
    response = client.post(
        reverse("login"), {"username": "operator.ponorogo", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302


def test_english_browser_still_gets_indonesian(client, db):
    content = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="id"' in content
    assert "Masuk ke KPU Kerja Sama" in content
