"""Reminder rules of evaluations (monev): due soon, overdue, overdue long enough to tell the
office above, and an NK left without follow-up. Thresholds come from settings.REMINDER_RULES.

Called by the daily pass (dashboards.reminders) with every time zone and its local date; one
query per rule and zone. An evaluation that has been submitted (or accepted) is no longer due,
so its reminders stop; a returned one is due again. An NK's reminder stops once a PKS under it
is signed or an activity is recorded in one of its evaluations.
"""

import datetime

from django.db.models import Q
from django.utils.translation import gettext as _

from agreements.models import Agreement
from agreements.reminders import agreement_label
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

from .models import Evaluation
from .selectors import nks_gone_quiet

Role = Membership.Role
OWNERS = (Role.OPERATOR, Role.COMMISSIONER)
OPEN_STATES = [Evaluation.State.DRAFT, Evaluation.State.RETURNED]


def reminders_due(zones: list[Zone]) -> list[Reminder]:
    """Evaluations due in N days or overdue by N days, in the owning office's local date,
    and NKs left without follow-up (`nk_follow_up_reminders`)."""
    rules = reminder_rules()
    due_days, overdue_days = rules["evaluation_due_days"], rules["evaluation_overdue_days"]
    escalation, catch_up = rules["evaluation_escalation_days"], rules["catch_up_days"]
    found = []
    for zone in zones:
        found += nk_follow_up_reminders(zone, rules)
        earliest = zone.today - datetime.timedelta(days=max(overdue_days, default=0) + catch_up)
        latest = zone.today + datetime.timedelta(days=max(due_days, default=0))
        evaluations = Evaluation.objects.filter(
            state__in=OPEN_STATES,
            agreement__office__timezone=zone.name,
            agreement__office__is_active=True,
            due_date__range=(earliest, latest),
        ).select_related("agreement__office")
        for evaluation in evaluations:
            days_left = (evaluation.due_date - zone.today).days
            if days_left >= 0:
                threshold = reached_before(days_left, due_days, catch_up)
                if threshold is not None:
                    found.append(_due(evaluation, zone, threshold, days_left))
            else:
                threshold = reached_after(-days_left, overdue_days, catch_up)
                if threshold is not None:
                    found.append(_overdue(evaluation, zone, threshold, -days_left, escalation))
    return found


def _values(evaluation: Evaluation, days: int) -> dict:
    return {
        "days": days,
        "period": evaluation.period_label,
        "title": evaluation.agreement.title,
        "office": evaluation.agreement.office.name,
        "date": long_date(evaluation.due_date),
    }


def _due(evaluation: Evaluation, zone: Zone, threshold: int, days_left: int) -> Reminder:
    office = evaluation.agreement.office
    values = _values(evaluation, days_left)
    return Reminder(
        subject=evaluation,
        kind=NotificationKind.EVALUATION_DUE,
        threshold=f"due-{threshold}@{evaluation.due_date.isoformat()}",
        office_id=office.pk,
        local_date=zone.today,
        title=_("Evaluasi %(period)s jatuh tempo dalam %(days)s hari: %(title)s") % values,
        body=_(
            "Evaluasi %(period)s atas kerja sama %(title)s milik %(office)s jatuh tempo pada "
            "%(date)s. Lengkapi kegiatan, bukti, dan penilaiannya lalu ajukan."
        )
        % values,
        url=evaluation.get_absolute_url(),
        audiences=(Audience(office.pk, OWNERS),),
    )


def _overdue(
    evaluation: Evaluation, zone: Zone, threshold: int, days_over: int, escalation: int
) -> Reminder:
    office = evaluation.agreement.office
    audiences = [Audience(office.pk, OWNERS)]
    if threshold >= escalation and office.parent_id:
        # The office above verifies the evaluation, so its reviewers hear of the delay.
        audiences.append(Audience(office.parent_id, (Role.REVIEWER,)))
    values = _values(evaluation, days_over)
    return Reminder(
        subject=evaluation,
        kind=NotificationKind.EVALUATION_OVERDUE,
        threshold=f"overdue-{threshold}@{evaluation.due_date.isoformat()}",
        office_id=office.pk,
        local_date=zone.today,
        title=_("Evaluasi %(period)s terlambat %(days)s hari: %(title)s") % values,
        body=_(
            "Evaluasi %(period)s atas kerja sama %(title)s milik %(office)s jatuh tempo pada "
            "%(date)s dan belum diajukan."
        )
        % values,
        url=evaluation.get_absolute_url(),
        audiences=tuple(audiences),
    )


def nk_follow_up_reminders(zone: Zone, rules: dict) -> list[Reminder]:
    """An NK that became "tanpa tindak lanjut" (evaluations.selectors: no signed PKS, no
    monev activity for `nk_follow_up_months` months) → its office's operators and
    commissioners, once per quiet spell (keyed on the day the spell began). Only NKs still in
    force are reminded: an ended one can no longer be followed up (its end was reminded)."""
    months, catch_up = rules["nk_follow_up_months"], rules["catch_up_days"]
    rows = (
        nks_gone_quiet(zone.today, within_days=catch_up)
        .filter(office__timezone=zone.name, office__is_active=True)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=zone.today))
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
            "agreement": agreement_label(nk),
            "office": nk.office.name,
            "signed": long_date(nk.signed_on),
            "since": long_date(nk.quiet_since),
        },
        url=nk.get_absolute_url(),
        audiences=(Audience(nk.office_id, OWNERS),),
    )
