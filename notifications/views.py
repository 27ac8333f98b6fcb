"""The bell, the list of one's notifications, marking them read, and email preferences."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.generic import ListView

from core.htmx import vary_on_htmx

from . import services
from .forms import PreferencesForm
from .models import DeliverySettings, Notification, NotificationPreference
from .templatetags.notification_tags import ARRIVAL

# htmx stops polling when a poll answers 286: a session that expired stops asking.
STOP_POLLING = 286


@require_GET
@vary_on_htmx
def bell(request):
    """The unread count, polled by the header every minute."""
    if not request.user.is_authenticated:
        if request.htmx:
            return HttpResponse(status=STOP_POLLING)
        return redirect_to_login(request.get_full_path())
    unread = Notification.objects.for_user(request.user).unread().count()
    return render(request, "notifications/bell.html", {"unread": unread})


class NotificationListView(LoginRequiredMixin, ListView):
    """The user's own notifications, newest first; `?belum=1` shows only the unread."""

    template_name = "notifications/notification_list.html"
    context_object_name = "notifications"
    paginate_by = 25
    http_method_names = ["get", "head"]

    def get_queryset(self):
        notifications = Notification.objects.for_user(self.request.user).select_related("office")
        return notifications.unread() if self.request.GET.get("belum") else notifications

    def get_context_data(self, **kwargs):
        unread = Notification.objects.for_user(self.request.user).unread().count()
        return super().get_context_data(unread=unread, **kwargs)


def _own(request, pk: int) -> Notification:
    return get_object_or_404(Notification.objects.for_user(request.user), pk=pk)


@login_required
@require_POST
def mark_read(request, pk: int):
    """Mark one notification read; htmx gets the row back and the bell is told to refresh."""
    notification = _own(request, pk)
    services.mark_read(user=request.user, notification=notification)
    if request.htmx:
        notification.refresh_from_db()
        response = render(
            request, "notifications/includes/notification_row.html", {"item": notification}
        )
        response["HX-Trigger"] = "notifications-changed"
        return response
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(user=request.user)
    messages.success(request, _("%(count)s notifikasi ditandai sudah dibaca.") % {"count": count})
    return redirect("notifications:list")


def _with_arrival(url: str, pk: int) -> str:
    """`url` with ?notifikasi=<pk>: the page opened marks that notification read."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != ARRIVAL]
    return urlunsplit(parts._replace(query=urlencode([*query, (ARRIVAL, pk)])))


@login_required
@require_GET
def open_subject(request, pk: int):
    """Follow a notification to its subject (links in the list and in emails). A GET changes
    nothing: an unread notification's subject opens with ?notifikasi=<pk>, and that page
    marks it read with an htmx POST (templatetags/notification_tags.py)."""
    notification = _own(request, pk)
    safe = url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    target = notification.url if notification.url and safe else reverse("notifications:list")
    if not notification.is_read:
        target = _with_arrival(target, notification.pk)
    return redirect(target)


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    """Email per kind and the daily digest, for the signed-in user."""
    user = request.user
    declined = set(
        NotificationPreference.objects.filter(user=user, email=False).values_list("kind", flat=True)
    )
    digest = DeliverySettings.objects.filter(user=user, daily_digest=True).exists()
    initial = {
        "email_kinds": [k for k in Notification.Kind.values if k not in declined],
        "daily_digest": digest,
    }
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=user, **form.cleaned_data)
        messages.success(request, _("Preferensi notifikasi disimpan."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
