"""Reminder rules of agreements: the approaching end and the end passed without a decision.
Thresholds come from settings.REMINDER_RULES. (An NK left without follow-up is a monev rule:
evaluations.reminders.)

Called by the daily pass (dashboards.reminders) with every time zone and its local date: one
query per zone, whatever the number of agreements. A rule finds only subjects that are still
unresolved today, so a reminder stops as soon as the agreement is extended (the effective end
moves, and the thresholds are keyed on it), renewed (a signed successor) or terminated.
"""

import datetime

from django.utils.translation import gettext as _

from core.idn import long_date
from notifications.models import Kind as NotificationKind
from notifications.rules import (
    Audience,
    Reminder,
    Zone,
    reached_after,
    reached_before,
    reminder_rules,
)
from offices.models import Membership

from .models import Agreement, Kind
from .selectors import with_time_status

Role = Membership.Role
OWNERS = (Role.OPERATOR, Role.COMMISSIONER)
# An addendum's term is its parent's: the parent is the one reminded.
TERMED_KINDS = [Kind.NK, Kind.PKS, Kind.OTHER]


def reminders_due(zones: list[Zone]) -> list[Reminder]:
    """Every agreement reminder due today in each zone (not yet filtered by the log)."""
    rules = reminder_rules()
    due: list[Reminder] = []
    for zone in zones:
        due += expiry_reminders(zone, rules)
    return due


def agreement_label(agreement: Agreement) -> str:
    number = f" {agreement.kpu_number}" if agreement.kpu_number else ""
    return _("%(kind)s%(number)s tentang %(title)s") % {
        "kind": agreement.get_kind_display(),
        "number": number,
        "title": agreement.title,
    }


def expiry_reminders(zone: Zone, rules: dict) -> list[Reminder]:
    """N days before the effective end → owners; the day after it → owners and the
    reviewers of the office above, unless extended, renewed or terminated by then."""
    thresholds, catch_up = rules["agreement_expiry_days"], rules["catch_up_days"]
    earliest = zone.today - datetime.timedelta(days=1 + catch_up)
    latest = zone.today + datetime.timedelta(days=max(thresholds, default=0))
    signed = Agreement.objects.filter(
        state=Agreement.State.SIGNED,
        kind__in=TERMED_KINDS,
        office__timezone=zone.name,
        office__is_active=True,
    ).select_related("office")
    rows = with_time_status(signed, zone.today).filter(
        has_successor=False, effective_end__range=(earliest, latest)
    )
    due = []
    for agreement in rows:
        days_left = (agreement.effective_end - zone.today).days
        if days_left >= 0:
            threshold = reached_before(days_left, thresholds, catch_up)
            if threshold is not None:
                due.append(_expiring(agreement, zone, threshold, days_left))
        elif rules["agreement_expired_escalate"] and reached_after(-days_left, [1], catch_up):
            due.append(_expired(agreement, zone))
    return due


def _expiring(agreement: Agreement, zone: Zone, threshold: int, days_left: int) -> Reminder:
    kind = agreement.get_kind_display()
    if days_left == 0:
        title = _("%(kind)s berakhir hari ini: %(title)s")
    else:
        title = _("%(kind)s berakhir dalam %(days)s hari: %(title)s")
    body = _(
        "%(agreement)s milik %(office)s berakhir pada %(date)s. Siapkan adendum "
        "perpanjangan, perjanjian pengganti, atau pengakhirannya."
    )
    return Reminder(
        subject=agreement,
        kind=NotificationKind.AGREEMENT_EXPIRING,
        threshold=f"{threshold}@{agreement.effective_end.isoformat()}",
        office_id=agreement.office_id,
        local_date=zone.today,
        title=title % {"kind": kind, "days": days_left, "title": agreement.title},
        body=body
        % {
            "agreement": agreement_label(agreement),
            "office": agreement.office.name,
            "date": long_date(agreement.effective_end),
        },
        url=agreement.get_absolute_url(),
        audiences=(Audience(agreement.office_id, OWNERS),),
    )


def _expired(agreement: Agreement, zone: Zone) -> Reminder:
    audiences = [Audience(agreement.office_id, OWNERS)]
    if agreement.office.parent_id:
        audiences.append(Audience(agreement.office.parent_id, (Role.REVIEWER,)))
    body = _(
        "%(agreement)s milik %(office)s berakhir pada %(date)s tanpa adendum perpanjangan, "
        "perjanjian pengganti, atau keputusan pengakhiran. Verifikator kantor di atasnya "
        "turut diberi tahu."
    )
    return Reminder(
        subject=agreement,
        kind=NotificationKind.AGREEMENT_EXPIRED,
        threshold=f"expired@{agreement.effective_end.isoformat()}",
        office_id=agreement.office_id,
        local_date=zone.today,
        title=_("%(kind)s telah berakhir tanpa tindak lanjut: %(title)s")
        % {"kind": agreement.get_kind_display(), "title": agreement.title},
        body=body
        % {
            "agreement": agreement_label(agreement),
            "office": agreement.office.name,
            "date": long_date(agreement.effective_end),
        },
        url=agreement.get_absolute_url(),
        audiences=tuple(audiences),
    )
