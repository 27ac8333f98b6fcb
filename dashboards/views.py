"""The dashboard of an office and the oversight table of the offices below it."""

import datetime

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.figures import cached_figures
from core.forms import LoginForm
from evaluations.selectors import Period, office_today, period_containing, period_of
from offices.models import Membership, Office, user_memberships
from offices.selectors import office_summary

from . import exports
from .forms import PeriodForm
from .home import admin_work, changes_since, operator_work, reviewer_work, roles_at
from .oversight import COLUMNS, oversight_rows, sort_rows
from .selectors import subtree_of
from .summary import charts, dashboard_summary

Role = Membership.Role
PREVIOUS_LOGIN = "previous_login"


def _office(request) -> Office:
    """The office asked for with ?kantor= (404 outside the user's scope), else the current
    one; a user with no office at all may not see any dashboard."""
    wanted = request.GET.get("kantor", "")
    if wanted:
        if not (wanted.isascii() and wanted.isdigit()) or len(wanted) > 12:
            raise Http404
        return get_object_or_404(Office.objects.for_user(request.user), pk=int(wanted))
    if request.office is None:
        if request.user.is_superuser:
            return Office.objects.get(level=Office.Level.NATIONAL)
        raise PermissionDenied
    return request.office


def _period(request, today: datetime.date) -> tuple[Period, PeriodForm]:
    """The chosen year and semester, by default the one containing today."""
    current = period_containing(today, "SEMESTER")
    asked = "tahun" in request.GET or "semester" in request.GET
    form = PeriodForm(request.GET if asked else None)
    if form.is_bound and form.is_valid():
        return period_of(form.cleaned_data["tahun"], form.cleaned_data["semester"]), form
    return current, form


@login_required
@require_GET
def dashboard(request):
    """Figures of an office and every office below it, each a link to its list."""
    office = _office(request)
    today = office_today(office)
    period, form = _period(request, today)
    tree = subtree_of(office)
    summary, computed_at = cached_figures(
        f"dashboard:{office.pk}:{today}:{period.year}:{period.semester}",
        lambda: dashboard_summary(tree, today, period),
    )
    export = request.GET.get("ekspor")
    if export == "xlsx":
        return exports.dashboard_xlsx(office, period, summary)
    if export == "pdf":
        return exports.dashboard_pdf(request, office, period, summary, computed_at)
    context = {
        "office": office,
        "period": period,
        "period_form": form,
        "summary": summary,
        "computed_at": timezone.localtime(computed_at),
        "charts": charts(summary),
        "can_oversee": office.level != Office.Level.REGENCY,
    }
    return render(request, "dashboards/dashboard.html", context)


@login_required
@require_GET
def oversight(request):
    """One row per office directly below, rolled up over its whole subtree."""
    office = _office(request)
    if office.level == Office.Level.REGENCY:
        raise Http404
    today = office_today(office)
    period, form = _period(request, today)
    tree = subtree_of(office)
    rows, computed_at = cached_figures(
        f"oversight:{office.pk}:{today}:{period.year}:{period.semester}",
        lambda: oversight_rows(tree, today, period),
    )
    sort = request.GET.get("urut", "office")
    key = sort.removeprefix("-")
    if key not in COLUMNS and key != "office":
        key, sort = "office", "office"
    rows = sort_rows(rows, key, descending=sort.startswith("-"))
    if request.GET.get("ekspor") == "xlsx":
        return exports.oversight_xlsx(office, period, rows)
    provinces = Office.objects.filter(level=Office.Level.PROVINCE, is_active=True)
    provinces = provinces.order_by("code") if _sees_country(request.user) else []
    context = {
        "office": office,
        "period": period,
        "period_form": form,
        "rows": rows,
        "labelled_rows": _labelled(rows),
        "sort": sort,
        "columns": exports.OVERSIGHT_LABELS,
        "provinces": provinces,
        "computed_at": timezone.localtime(computed_at),
    }
    return render(request, "dashboards/oversight.html", context)


def _labelled(rows: list) -> list[tuple]:
    """Each row with its cells as (column, label, text, link): on a phone the table stacks
    and every cell shows its column's label."""
    labels = exports.OVERSIGHT_LABELS
    return [(row, [(key, labels[key], text, url) for key, text, url in row.cells]) for row in rows]


def _sees_country(user) -> bool:
    return user.is_superuser or any(
        m.office.level == Office.Level.NATIONAL for m in user_memberships(user)
    )


@login_required
@require_GET
def home(request):
    """Beranda: the work waiting for this user, per role, at their current office."""
    office = request.office
    context = {
        "memberships": user_memberships(request.user),
        "summary": office_summary(office) if office else {},
    }
    if office is not None:
        roles = roles_at(request.user, office)
        context |= {"roles": roles, "today": office_today(office)}
        context |= _work_for(request, office, roles)
    return render(request, "dashboards/home.html", context)


def _work_for(request, office: Office, roles: set[str]) -> dict:
    today = office_today(office)
    work: dict = {}
    if Role.OPERATOR in roles:
        work["operator"] = operator_work(office, today)
    if Role.REVIEWER in roles:
        work["reviewer"] = reviewer_work(request.user)
    if Role.ADMIN in roles:
        work["admin"] = admin_work(request.user, office)
    if Role.COMMISSIONER in roles:
        tree = subtree_of(office)
        period = period_containing(today, "SEMESTER")
        summary, computed_at = cached_figures(
            f"dashboard:{office.pk}:{today}:{period.year}:{period.semester}",
            lambda: dashboard_summary(tree, today, period),
        )
        since = request.session.get(PREVIOUS_LOGIN)
        work["commissioner"] = {
            "summary": summary,
            "computed_at": timezone.localtime(computed_at),
            "since": datetime.datetime.fromisoformat(since) if since else None,
            "changes": changes_since(office, datetime.datetime.fromisoformat(since))
            if since
            else {},
        }
    return work


class LoginView(auth_views.LoginView):
    """Sign in; remember the previous sign-in (for "what changed since your last visit") and
    send commissioners straight to their dashboard."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        previous = form.get_user().last_login
        response = super().form_valid(form)
        if previous is not None:
            self.request.session[PREVIOUS_LOGIN] = previous.isoformat()
        return response

    def get_default_redirect_url(self):
        user = self.request.user
        roles = {m.role for m in user_memberships(user)}
        if roles == {Role.COMMISSIONER}:
            return reverse("dashboards:dashboard")
        return super().get_default_redirect_url()
