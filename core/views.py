import re

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from .tables import LIST_NAME

COLUMN_NAME = re.compile(r"[a-z][a-z_]{0,39}")
MAX_COLUMNS = 40


@require_GET
def health(request):
    """For load balancers: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_GET
def favicon(request):
    """/favicon.ico, asked for by browsers and tools that do not read the page's <link>."""
    return redirect(static("img/favicon.ico"))


@login_required
@require_POST
def table_columns(request):
    """Remember which optional columns of a list (`table`) the user shows: the column menu
    offers `offered` and ticks `show`; the rest of `offered` is hidden. Back to `next`."""
    name = request.POST.get("table", "")
    offered = {n for n in request.POST.getlist("offered") if COLUMN_NAME.fullmatch(n)}
    if not LIST_NAME.fullmatch(name) or not offered or len(offered) > MAX_COLUMNS:
        return HttpResponseBadRequest()
    hidden = sorted(offered - set(request.POST.getlist("show")))
    user = request.user
    user.hidden_columns = {**(user.hidden_columns or {}), name: hidden}
    user.save(update_fields=["hidden_columns"])
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "home"
    return redirect(target)
