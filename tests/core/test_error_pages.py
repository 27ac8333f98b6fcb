"""With DEBUG on (`make run`), visitors who are not staff get the Indonesian error pages,
not Django's technical ones (which list every URL pattern, or the settings and the stack);
and the favicon is there."""

import base64
import logging

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

TECHNICAL_404 = "Using the URLconf defined in"
NOT_FOUND = "Halaman tidak ditemukan"


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def test_unknown_address_gets_the_indonesian_404_under_debug(debug, login, operator):
    for client in (Client(), login(operator)):
        response = client.get("/tidak-ada/sama-sekali/")
        html = response.content.decode()
        assert response.status_code == 404
        assert NOT_FOUND in html and TECHNICAL_404 not in html
        assert "agreements:" not in html and "kerja-sama/&lt;int:pk&gt;" not in html


def test_a_view_raising_404_gets_the_indonesian_page_under_debug(debug, login, operator):
    response = login(operator).get("/kerja-sama/987654321/")
    assert response.status_code == 404
    html = response.content.decode()
    assert NOT_FOUND in html and "No Agreement matches" not in html
    # The full page: the menu and the office the user works as.
    assert 'data-testid="current-office"' in html


def test_staff_keep_the_technical_page(debug, client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@kpu.go.id", "x" * 16)
    client.force_login(admin)
    html = client.get("/tidak-ada/sama-sekali/").content.decode()
    assert TECHNICAL_404 in html


def test_forbidden_is_the_indonesian_403_under_debug(debug, login, commissioner):
    response = login(commissioner).get("/kerja-sama/baru/")
    assert response.status_code == 403
    assert "Akses ditolak" in response.content.decode()


@pytest.mark.urls("tests.core.error_urls")
def test_a_failure_gets_the_indonesian_500_and_is_logged(debug, caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/uji/gagal/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Terjadi kesalahan pada server" in html
    assert "rahasia-tumpukan" not in html and "Traceback" not in html
    assert any(
        record.exc_info and "rahasia-tumpukan" in str(record.exc_info[1])
        for record in caplog.records
    )


def test_without_debug_nothing_changes(settings, client):
    settings.DEBUG = False
    response = client.get("/tidak-ada/sama-sekali/")
    assert response.status_code == 404 and NOT_FOUND in response.content.decode()


def test_favicon_linked_and_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("img/favicon.ico")
    page = client.get("/masuk/").content.decode()
    assert 'rel="icon"' in page and "img/favicon.svg" in page


def test_an_office_without_logo_gets_the_neutral_mark():
    from agreements.document_layout import OFFICE_MARK, _logo

    office = base64.b64decode(_logo(None, OFFICE_MARK).split(",", 1)[1]).decode()
    partner = base64.b64decode(_logo(None).split(",", 1)[1]).decode()
    assert ">KPU</text>" in office and "stroke-dasharray" not in office
    assert (
        "<text" not in partner
    )  # a partner's blank ring draws nothing that could pass for its emblem
