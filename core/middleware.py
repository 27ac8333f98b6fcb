import logging
import re

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseServerError
from django.template import loader
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _

logger = logging.getLogger("django.security.ControlCharacters")
error_logger = logging.getLogger("django.request")


class LanguageMiddleware:
    """Indonesian unless the user picked another language with the switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many office
    computers run English browsers; the product speaks Indonesian first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        translation.deactivate()
        return response


# C0 control characters other than tab, newline and carriage return: no form field or query
# parameter of the app takes them, and PostgreSQL refuses NUL in any text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _carries_control_characters(data) -> bool:
    return any(
        CONTROL_CHARACTERS.search(key) or any(CONTROL_CHARACTERS.search(v) for v in values)
        for key, values in data.lists()
    )


def bad_request(request, reason: str) -> HttpResponseBadRequest:
    """The Indonesian 400 page (it renders without a request context, like Django's own)."""
    logger.warning("%s %r", reason, request.path)
    return HttpResponseBadRequest(loader.render_to_string("400.html", {"reason": reason}))


class RefuseControlCharactersMiddleware:
    """A 400 with a clear page for NUL and other control characters in the path, the query
    string or the fields of a POSTed form, before any view (or the database) sees them.

    POST fields are read in `process_view`, after CsrfViewMiddleware has parsed them; a view
    exempt from CSRF may replace the upload handlers, so its body is left to the view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if CONTROL_CHARACTERS.search(request.path) or _carries_control_characters(request.GET):
            return bad_request(request, _("Alamat halaman memuat karakter kontrol."))
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or getattr(view_func, "csrf_exempt", False):
            return None
        if _carries_control_characters(request.POST):
            return bad_request(request, _("Isian formulir memuat karakter kontrol."))
        return None


class NoStoreForSignedInMiddleware:
    """`Cache-Control: no-store` on every response to a signed-in user, unless the view set
    its own caching: pages hold data of one office, and a shared computer or a proxy must not
    keep them after logout. Static files never get here (whitenoise answers them first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            add_never_cache_headers(response)
        return response


class FriendlyErrorPagesMiddleware:
    """With DEBUG on (`make run`), the Indonesian 404 and 500 pages for everyone but staff.

    Django shows its technical pages whenever DEBUG is on: a 404 lists every URL pattern and
    a 500 the settings and the stack, to any visitor of a demo. Staff and superusers keep
    them (they are the ones debugging); everyone else gets the pages production shows.
    A 403 needs nothing here: Django renders 403.html in both modes. With DEBUG off this
    does nothing and Django's own handlers serve the same templates.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # An address no URL pattern matches never reaches a view, so process_exception does
        # not see it; the technical page comes back as a plain 404 response.
        if (
            response.status_code == 404
            and getattr(request, "resolver_match", None) is None
            and _friendly(request)
        ):
            return _page(request, "404.html", 404)
        return response

    def process_exception(self, request, exception):
        if not _friendly(request):
            return None
        if isinstance(exception, Http404):
            return _page(request, "404.html", 404)
        if isinstance(exception, PermissionDenied | BadRequest | SuspiciousOperation):
            return None  # Django renders 403.html / 400.html in DEBUG too
        # Logged as Django logs an unhandled error, since the response now comes from here.
        error_logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exception,
            extra={"status_code": 500, "request": request},
        )
        return HttpResponseServerError(loader.render_to_string("500.html"))


def _friendly(request) -> bool:
    if not settings.DEBUG:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and (user.is_staff or user.is_superuser))


def _page(request, template: str, status: int):
    return HttpResponse(loader.render_to_string(template, request=request), status=status)
