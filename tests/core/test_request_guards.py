"""Guards every request passes: control characters refused with a 400, `no-store` for a
signed-in user, and django-axes keyed on the right client address."""

import pytest
from axes.models import AccessAttempt
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from core.middleware import RefuseControlCharactersMiddleware
from notifications.models import DeliverySettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(login, ri_admin):
    client = login(ri_admin)
    client.raise_request_exception = False
    return client


def _refused(response) -> bool:
    page = response.content.decode()
    return (
        response.status_code == 400
        and "Permintaan tidak valid" in page
        and "karakter kontrol" in page
        and "Traceback" not in page
    )


def test_nul_in_a_query_parameter_is_a_clear_400_not_a_500(admin_client):
    # Was a 500: PostgreSQL refuses NUL in a string literal.
    assert _refused(admin_client.get("/pengguna/?q=%00"))
    assert _refused(admin_client.get("/pengguna/?q=ponorogo%00"))


@pytest.mark.parametrize(
    "query", ["q=%01", "q=%1b%5B0m", "q=%7F%08", "a%00=1", "q=x&q=%0c"], ids=str
)
def test_control_characters_anywhere_in_the_query_are_refused(admin_client, query):
    assert _refused(admin_client.get(f"/kerja-sama/?{query}"))


def test_tab_newline_and_carriage_return_pass(admin_client):
    response = admin_client.get("/pengguna/?q=a%09b%0D%0Ac")
    assert response.status_code == 200


def test_control_characters_in_the_path_are_refused(admin_client):
    assert _refused(admin_client.get("/kerja-sama/templat-pasal/PKS%00/"))


def test_nul_in_a_posted_field_is_refused_and_nothing_is_saved(login, operator):
    client = login(operator)
    response = client.post(
        reverse("notifications:preferences"), {"daily_digest": "on", "catatan": "a\x00b"}
    )
    assert response.status_code == 400 and "karakter kontrol" in response.content.decode()
    assert not DeliverySettings.objects.filter(user=operator).exists()


def test_text_with_newlines_and_tabs_is_posted(login, operator):
    client = login(operator)
    response = client.post(
        reverse("notifications:preferences"), {"daily_digest": "on", "catatan": "a\tb\r\nc"}
    )
    assert response.status_code == 302
    assert DeliverySettings.objects.get(user=operator).daily_digest is True


def test_a_csrf_exempt_view_keeps_its_body_to_itself():
    """Such a view may change the upload handlers, which must happen before the body is read."""
    request = RequestFactory().post("/", {"field": "a\x00"})
    view = csrf_exempt(lambda request: HttpResponse())
    middleware = RefuseControlCharactersMiddleware(lambda request: HttpResponse())
    assert middleware.process_view(request, view, (), {}) is None
    assert not hasattr(request, "_post")


def test_signed_in_pages_are_not_stored(login, operator):
    client = login(operator)
    for url in ["/", "/kerja-sama/", "/notifikasi/", reverse("notifications:bell")]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
    export = client.get(reverse("agreements:export"))
    assert "no-store" in export["Cache-Control"]


def test_signed_in_error_pages_are_not_stored(login, operator):
    response = login(operator).get("/tidak-ada/")
    assert response.status_code == 404 and "no-store" in response["Cache-Control"]


def test_anonymous_responses_keep_their_caching(client):
    assert "Cache-Control" not in client.get("/sehat/")


def _failed_login(client, **headers):
    client.post("/masuk/", {"username": "operator.ponorogo", "password": "salah"}, **headers)
    return list(AccessAttempt.objects.values_list("ip_address", flat=True))


def test_axes_ignores_forwarded_for_by_default(client, operator):
    assert _failed_login(client, HTTP_X_FORWARDED_FOR="203.0.113.7") == ["127.0.0.1"]


def test_axes_behind_one_trusted_proxy_sees_the_client(client, operator, settings):
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    settings.AXES_IPWARE_PROXY_COUNT = 0  # what TRUSTED_PROXY_COUNT=1 sets
    assert _failed_login(client, HTTP_X_FORWARDED_FOR="203.0.113.7") == ["203.0.113.7"]


def test_axes_behind_a_proxy_does_not_believe_a_forged_chain(client, operator, settings):
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    settings.AXES_IPWARE_PROXY_COUNT = 0
    forged = "198.51.100.1, 203.0.113.7"  # the client sent its own X-Forwarded-For
    assert _failed_login(client, HTTP_X_FORWARDED_FOR=forged) == ["127.0.0.1"]


@pytest.mark.parametrize(
    ("template", "text"),
    [
        ("400.html", "Permintaan tidak valid"),
        ("500.html", "Terjadi kesalahan pada server"),
        ("403_csrf.html", "Formulir tidak dapat diproses"),
    ],
)
def test_error_pages_render_with_no_context_at_all(template, text):
    """Django renders these without a request (and the 500 page when anything may be down)."""
    from django.template import loader

    page = loader.render_to_string(template)
    assert text in page and '<html lang="id">' in page


def test_a_failing_view_answers_the_indonesian_500_page(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("core.views.JsonResponse", broken)
    client.raise_request_exception = False
    response = client.get("/sehat/")
    assert response.status_code == 500
    assert "Terjadi kesalahan pada server" in response.content.decode()


def test_axes_behind_two_proxies_counts_a_forged_chain_without_an_address(
    client, operator, settings
):
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    settings.AXES_IPWARE_PROXY_COUNT = 1  # what TRUSTED_PROXY_COUNT=2 sets
    assert _failed_login(client, HTTP_X_FORWARDED_FOR="203.0.113.7, 10.0.0.3") == ["203.0.113.7"]
    AccessAttempt.objects.all().delete()
    forged = "198.51.100.1, 203.0.113.7, 10.0.0.3"
    assert _failed_login(client, HTTP_X_FORWARDED_FOR=forged) == [None]
