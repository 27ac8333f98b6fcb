"""Reminder rules of reviews: a review waiting too long, and its escalation one office up.

Generic over the subject (agreements, evaluations…): it reads only the review row. Called by
the daily pass in notifications.services with every time zone and its local date; one query
per zone. A decided review is no longer pending, so its reminders stop.
"""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from core.idn import long_date
from notifications.models import Kind as NotificationKind
from notifications.rules import Audience, Reminder, Zone, reached_after, reminder_rules
from offices.models import Membership

from .models import Review

REVIEWERS = (Membership.Role.REVIEWER,)


def reminders_due(zones: list[Zone]) -> list[Reminder]:
    """Pending reviews that waited more than N days (their reviewers) or more than M days
    (the reviewers of the office above the addressed one), in the addressed office's date."""
    rules = reminder_rules()
    pending, escalation = rules["review_pending_days"], rules["review_escalation_days"]
    catch_up = rules["catch_up_days"]
    # "More than N days": a review from Monday has waited more than 7 days on the Tuesday after.
    thresholds = {pending + 1: pending, escalation + 1: escalation}
    due = []
    for zone in zones:
        newest = zone.midnight(zone.today - datetime.timedelta(days=min(thresholds) - 1))
        oldest = zone.midnight(zone.today - datetime.timedelta(days=max(thresholds) + catch_up))
        reviews = Review.objects.filter(
            decision=Review.Decision.PENDING,
            office__timezone=zone.name,
            created_at__gte=oldest,
            created_at__lt=newest,
        ).select_related("office", "office__parent", "submitted_from")
        for review in reviews:
            waited = (zone.today - zone.local_date(review.created_at)).days
            reached = reached_after(waited, thresholds, catch_up)
            if reached is not None:
                due.append(_reminder(review, zone, thresholds[reached], waited, escalation))
    return due


def _reminder(review: Review, zone: Zone, after: int, waited: int, escalation: int) -> Reminder:
    escalated = after == escalation
    values = {
        "days": waited,
        "title": review.subject_title,
        "office": review.office.name,
        "from": review.submitted_from.name,
        "date": long_date(zone.local_date(review.created_at)),
    }
    if escalated:
        # KPU RI has no office above it: its own reviewers hear again.
        office_id = review.office.parent_id or review.office_id
        title = _("Verifikasi di %(office)s tertunda %(days)s hari: %(title)s")
        body = _(
            "Pengajuan dari %(from)s sejak %(date)s belum diputuskan oleh %(office)s. Sebagai "
            "verifikator kantor di atasnya, mohon bantu agar segera diputuskan."
        )
    else:
        office_id = review.office_id
        title = _("Verifikasi menunggu %(days)s hari: %(title)s")
        body = _("Pengajuan dari %(from)s sejak %(date)s menunggu keputusan %(office)s.")
    return Reminder(
        subject=review,
        kind=NotificationKind.REVIEW_ESCALATED if escalated else NotificationKind.REVIEW_PENDING,
        threshold=f"{after}d",
        office_id=review.office_id,
        local_date=zone.today,
        title=title % values,
        body=body % values,
        url=reverse("reviews:detail", args=[review.pk]),
        audiences=(Audience(office_id, REVIEWERS),),
    )
