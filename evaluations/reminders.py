"""Reminder rules of evaluations (monev): due soon, overdue, overdue long enough to tell the
office above, and an NK left without follow-up. Thresholds come from settings.REMINDER_RULES.

Called by the daily pass (dashboards.reminders) with every time zone and its local date; one
query per rule and zone. An evaluation that has been submitted (or accepted) is no longer due,
so its reminders stop; a returned one is due again. An NK's reminder stops once a PKS under it
is signed or an activity is recorded in one of its evaluations.
"""

import datetime
from typing import NamedTuple

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


class EvaluationRule(NamedTuple):
    """What one rule of evaluations says: its notification kind, the key of its thresholds,
    and the title and body (formatted with days, period, title, office and date)."""

    kind: str
    key: str
    title: str
    body: str


DUE = EvaluationRule(
    NotificationKind.EVALUATION_DUE,
    "due",
    gettext_lazy("Evaluasi %(period)s jatuh tempo dalam %(days)s hari: %(title)s"),
    gettext_lazy(
        "Evaluasi %(period)s atas kerja sama %(title)s milik %(office)s jatuh tempo pada "
        "%(date)s. Lengkapi kegiatan, bukti, dan penilaiannya lalu ajukan."
    ),
)
OVERDUE = EvaluationRule(
    NotificationKind.EVALUATION_OVERDUE,
    "overdue",
    gettext_lazy("Evaluasi %(period)s terlambat %(days)s hari: %(title)s"),
    gettext_lazy(
        "Evaluasi %(period)s atas kerja sama %(title)s milik %(office)s jatuh tempo pada "
        "%(date)s dan belum diajukan."
    ),
)


def reminders_due(zones: list[Zone]) -> list[Reminder]:
    """Evaluations due in N days or overdue by N days, in the owning office's local date,
    and NKs left without follow-up (`nk_follow_up_reminders`)."""
    rules = reminder_rules()
    due_days, overdue_days = rules["evaluation_due_days"], rules["evaluation_overdue_days"]
    found = []
    for zone in zones:
        found += nk_follow_up_reminders(zone, rules)
        earliest = zone.today - datetime.timedelta(
            days=max(overdue_days, default=0) + rules["catch_up_days"]
        )
        latest = zone.today + datetime.timedelta(days=max(due_days, default=0))
        evaluations = Evaluation.objects.filter(
            state__in=OPEN_STATES,
            agreement__office__timezone=zone.name,
            agreement__office__is_active=True,
            due_date__range=(earliest, latest),
        ).select_related("agreement__office")
        found += filter(None, (_evaluation_reminder(row, zone, rules) for row in evaluations))
    return found


def _evaluation_reminder(evaluation: Evaluation, zone: Zone, rules: dict) -> Reminder | None:
    """The due or overdue reminder of `evaluation` today, if a threshold is reached."""
    catch_up = rules["catch_up_days"]
    days_left = (evaluation.due_date - zone.today).days
    if days_left >= 0:
        threshold = reached_before(days_left, rules["evaluation_due_days"], catch_up)
        if threshold is None:
            return None
        audiences = _audiences(evaluation, escalate=False)
        return _reminder(evaluation, zone, DUE, threshold, days_left, audiences)
    threshold = reached_after(-days_left, rules["evaluation_overdue_days"], catch_up)
    if threshold is None:
        return None
    escalate = threshold >= rules["evaluation_escalation_days"]
    audiences = _audiences(evaluation, escalate=escalate)
    return _reminder(evaluation, zone, OVERDUE, threshold, -days_left, audiences)


def _audiences(evaluation: Evaluation, *, escalate: bool) -> list[Audience]:
    office = evaluation.agreement.office
    audiences = [Audience(office.pk, OWNERS)]
    if escalate and office.parent_id:
        # The office above verifies the evaluation, so its reviewers hear of the delay.
        audiences.append(Audience(office.parent_id, (Role.REVIEWER,)))
    return audiences


def _reminder(
    evaluation: Evaluation,
    zone: Zone,
    rule: EvaluationRule,
    threshold: int,
    days: int,
    audiences: list[Audience],
) -> Reminder:
    """A reminder of `evaluation` under `rule`, once per threshold and due date; `days` are
    the days left or the days over."""
    values = {
        "days": days,
        "period": evaluation.period_label,
        "title": evaluation.agreement.title,
        "office": evaluation.agreement.office.name,
        "date": long_date(evaluation.due_date),
    }
    return Reminder(
        subject=evaluation,
        kind=rule.kind,
        threshold=f"{rule.key}-{threshold}@{evaluation.due_date.isoformat()}",
        office_id=evaluation.agreement.office_id,
        local_date=zone.today,
        title=str(rule.title) % values,
        body=str(rule.body) % values,
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
