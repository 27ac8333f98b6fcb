"""Reminder rules of agreements: the approaching end, the end passed without a decision, and
an NK that nobody followed up. Thresholds come from settings.REMINDER_RULES.

Called by the daily pass in notifications.services with every time zone and its local date:
one query per rule and zone, whatever the number of agreements. A rule finds only subjects
that are still unresolved today, so a reminder stops as soon as the agreement is extended
(the effective end moves, and the thresholds are keyed on it), renewed (a signed successor),
terminated, or — for an NK — followed up by a signed PKS or any logged activity.
"""

import calendar
import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, DateField, Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Greatest, TruncDate
from django.utils.translation import gettext as _

from core.idn import long_date
from core.models import ActivityLog
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
    # The NK follow-up rule runs from evaluations.reminders, which also counts the
    # activities recorded in the NK's evaluations (this app cannot see them).
    return due


def _label(agreement: Agreement) -> str:
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
            "agreement": _label(agreement),
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
            "agreement": _label(agreement),
            "office": agreement.office.name,
            "date": long_date(agreement.effective_end),
        },
        url=agreement.get_absolute_url(),
        audiences=tuple(audiences),
    )


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def nk_follow_up_reminders(
    zone: Zone, rules: dict, more_activity: Subquery | None = None
) -> list[Reminder]:
    """An NK quiet for N months — no signed PKS under it, no activity logged on it since it
    was signed or last touched — → its office's operators and commissioners, once per quiet
    spell (keyed on the date the quiet began).

    `more_activity` is a subquery giving the date of other follow-up of the NK (OuterRef
    "pk"), e.g. the last activity recorded in its evaluations.
    """
    months, catch_up = rules["nk_follow_up_months"], rules["catch_up_days"]
    latest = months_before(zone.today, months)
    earliest = latest - datetime.timedelta(days=catch_up)
    activity = (
        ActivityLog.objects.filter(
            content_type=ContentType.objects.get_for_model(Agreement),
            object_id=Cast(OuterRef("pk"), CharField()),
        )
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    signed_pks = Agreement.objects.filter(
        parent=OuterRef("pk"), kind=Kind.PKS, state=Agreement.State.SIGNED
    )
    rows = (
        Agreement.objects.filter(
            kind=Kind.NK,
            state=Agreement.State.SIGNED,
            office__timezone=zone.name,
            office__is_active=True,
            signed_on__lte=latest,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=zone.today), ~Exists(signed_pks))
        .annotate(
            last_activity=TruncDate(Subquery(activity), tzinfo=zone.tzinfo),
            other_activity=more_activity if more_activity is not None else Value(None),
        )
        .annotate(
            quiet_since=Greatest(
                "signed_on",
                Coalesce("last_activity", "signed_on"),
                Coalesce("other_activity", "signed_on", output_field=DateField()),
            )
        )
        .filter(quiet_since__range=(earliest, latest))
        .select_related("office")
    )
    return [_nk_quiet(nk, zone, months) for nk in rows]


def _nk_quiet(nk: Agreement, zone: Zone, months: int) -> Reminder:
    body = _(
        "%(agreement)s milik %(office)s ditandatangani %(signed)s. Sejak %(since)s belum ada "
        "PKS yang ditandatangani maupun kegiatan yang dicatat. Tindak lanjuti dengan PKS, "
        "catat pelaksanaannya, atau pertimbangkan pengakhirannya."
    )
    return Reminder(
        subject=nk,
        kind=NotificationKind.NK_FOLLOW_UP,
        threshold=f"{months}m@{nk.quiet_since.isoformat()}",
        office_id=nk.office_id,
        local_date=zone.today,
        title=_("Nota Kesepahaman belum ditindaklanjuti %(months)s bulan: %(title)s")
        % {"months": months, "title": nk.title},
        body=body
        % {
            "agreement": _label(nk),
            "office": nk.office.name,
            "signed": long_date(nk.signed_on),
            "since": long_date(nk.quiet_since),
        },
        url=nk.get_absolute_url(),
        audiences=(Audience(nk.office_id, OWNERS),),
    )
