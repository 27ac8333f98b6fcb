"""Picks the user's current office (the office switcher) and shows times in its time zone."""

import zoneinfo

from django.utils import timezone

from .models import user_memberships

SESSION_KEY = "current_office_id"


def current_office_for(request):
    """The office the user works as now: the one chosen in the switcher, else their first."""
    memberships = user_memberships(request.user)
    if not memberships:
        return None
    chosen = request.session.get(SESSION_KEY)
    for membership in memberships:
        if membership.office_id == chosen:
            return membership.office
    return memberships[0].office


class CurrentOfficeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.office = current_office_for(request)
        if request.office is not None:
            timezone.activate(zoneinfo.ZoneInfo(request.office.timezone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
