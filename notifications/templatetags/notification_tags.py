"""Marking a notification read on the page it led to, with a POST, never on a GET."""

from django import template
from django.urls import reverse

register = template.Library()

# The query parameter notifications:open adds to the subject's address.
ARRIVAL = "notifikasi"
MAX_ID_DIGITS = 18  # a bigint; longer is not an id of ours


@register.inclusion_tag("notifications/includes/mark_on_arrival.html", takes_context=True)
def mark_read_on_arrival(context) -> dict:
    """On a page opened from a notification (?notifikasi=<pk>), an element that POSTs
    "mark read" through htmx once the page has loaded; the view answers 404 for a
    notification that is not the user's."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {"url": None}
    pk = request.GET.get(ARRIVAL, "")
    if not (pk.isascii() and pk.isdigit()) or len(pk) > MAX_ID_DIGITS:
        return {"url": None}
    return {"url": reverse("notifications:read", args=[int(pk)])}
