"""The "for me" home page: per role, the work waiting for this user at their current office.

Operators see their office's drafts returned with notes, agreements cleared for signing,
evaluations due or overdue and agreements ending soon; reviewers the submissions waiting at
their office, oldest first; commissioners the dashboard's headline figures and what changed
since their last visit; admins the users without a role and the offices without an operator.
Each list is one query, capped; the page says how many there are in all.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import CharField, Count, Exists, OuterRef, Q
from django.db.models.functions import Cast

from agreements.models import Agreement
from agreements.selectors import expiring_q
from core.models import ActivityLog
from evaluations.models import Evaluation
from evaluations.selectors import OPEN_STATES
from offices.access import is_national_admin
from offices.models import Membership, Office, subtree_ids, user_memberships
from reviews.models import Review

Role = Membership.Role
State = Agreement.State
LIMIT = 8
# The workflow events a commissioner is told about on their next visit.
CHANGES = {
    "agreement.signed": "signed",
    "agreement.registered": "signed",
    "agreement.submitted": "submitted",
    "agreement.terminated": "terminated",
    "evaluation.submitted": "evaluations",
}


def roles_at(user, office: Office) -> set[str]:
    return {m.role for m in user_memberships(user) if m.office_id == office.pk}


def _capped(queryset) -> dict:
    rows = list(queryset[: LIMIT + 1])
    return {"rows": rows[:LIMIT], "more": len(rows) > LIMIT}


def operator_work(office: Office, today: datetime.date) -> dict:
    agreements = Agreement.objects.filter(office=office).only(
        "title", "kind", "state", "kpu_number", "effective_end", "updated_at"
    )
    evaluations = Evaluation.objects.filter(agreement__office=office, state__in=OPEN_STATES)
    return {
        "returned": _capped(agreements.filter(state=State.RETURNED).order_by("updated_at")),
        "to_sign": _capped(agreements.filter(state=State.CLEARED).order_by("updated_at")),
        "evaluations": _capped(evaluations.select_related("agreement").order_by("due_date", "pk")),
        "expiring": _capped(agreements.filter(expiring_q(90, today)).order_by("effective_end")),
    }


def reviewer_work(user) -> dict:
    waiting = (
        Review.objects.decidable_by(user)
        .select_related("submitted_from", "office")
        .order_by("created_at", "pk")
    )
    return {"reviews": _capped(waiting)}


def changes_since(office: Office, since: datetime.datetime | None) -> dict[str, int]:
    """How many agreements were signed, submitted or terminated, and evaluations submitted,
    in the office and below since `since` (one query on the activity log)."""
    if since is None:
        return {}
    entries = ActivityLog.objects.filter(created_at__gt=since, action__in=list(CHANGES))
    if office.level != Office.Level.NATIONAL:
        agreements = Agreement.objects.filter(office__in=subtree_ids([office.pk]))
        evaluations = Evaluation.objects.filter(agreement__in=agreements.values("pk"))
        entries = entries.filter(
            Q(content_type__model="agreement", object_id__in=_text_pks(agreements))
            | Q(content_type__model="evaluation", object_id__in=_text_pks(evaluations))
        )
    rows = entries.values("action").annotate(n=Count("pk")).order_by()
    counts: dict[str, int] = {}
    for row in rows:
        key = CHANGES[row["action"]]
        counts[key] = counts.get(key, 0) + row["n"]
    return counts


def _text_pks(queryset):
    """The primary keys as text: the activity log keeps `object_id` as text."""
    return queryset.annotate(text_pk=Cast("pk", CharField())).values("text_pk")


def admin_work(user, office: Office) -> dict:
    """Users with no role at all (national admins), offices below with no active operator."""
    User = get_user_model()
    operators = Membership.objects.filter(
        office=OuterRef("pk"), role=Role.OPERATOR, user__is_active=True
    )
    offices = Office.objects.filter(is_active=True).exclude(Exists(operators))
    if office.level != Office.Level.NATIONAL:
        offices = offices.filter(pk__in=subtree_ids([office.pk]))
    work = {"offices": _capped(offices.order_by("level", "code"))}
    if is_national_admin(user):
        no_role = User.objects.filter(is_active=True).exclude(
            Exists(Membership.objects.filter(user=OuterRef("pk")))
        )
        work["users"] = _capped(no_role.order_by("username"))
    return work
