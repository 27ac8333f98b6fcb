"""The stored time facts of an agreement: `effective_end` and `has_successor`.

They are derived data, kept on the row so that lists sort and filter by them through an
index instead of recomputing a correlated subquery per row. `Agreement.save()` calls
`sync_time_facts` in the same transaction whenever a field they depend on may have changed,
so every service (create, update, sign, register, terminate, the signing of an addendum or a
successor) keeps them right; `time_facts_drift` recomputes every row the slow way and the
nightly `verify_agreement_time_facts` task reports and repairs any drift (bulk `update()`
and raw SQL bypass `save()`: they must call `sync_time_facts` themselves).

effective_end: the termination date when terminated; otherwise the latest end date of the
signed addenda that extend the term, or the agreement's own end date.
has_successor: a signed (or later terminated) agreement `renews` this one.
"""

import logging
from collections.abc import Iterable

from django.db.models import (
    Case,
    DateField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce

from .models import Agreement, Kind

logger = logging.getLogger(__name__)
State = Agreement.State
SIGNED_STATES = Agreement.SIGNED_STATES
# The fields a row's own facts, or those of the rows it affects, depend on.
FACT_INPUTS = {"state", "end_date", "terminated_on", "renews", "parent", "extends_term", "kind"}


def _computed_effective_end() -> Case:
    extended_to = (
        Agreement.objects.filter(
            parent=OuterRef("pk"), kind=Kind.ADDENDUM, state=State.SIGNED, extends_term=True
        )
        .values("parent")
        .annotate(last=Max("end_date"))
        .values("last")
    )
    return Case(
        When(state=State.TERMINATED, then=F("terminated_on")),
        default=Coalesce(Subquery(extended_to, output_field=DateField()), F("end_date")),
        output_field=DateField(),
    )


def _computed_has_successor() -> Exists:
    return Exists(Agreement.objects.filter(renews=OuterRef("pk"), state__in=SIGNED_STATES))


def with_computed_time_facts(queryset: QuerySet) -> QuerySet:
    """Annotate `computed_end` and `computed_successor`, the slow way (verification only)."""
    return queryset.annotate(
        computed_end=_computed_effective_end(), computed_successor=_computed_has_successor()
    )


def affected_ids(agreement: Agreement) -> set[int]:
    """The agreement and the rows whose facts it can change: the agreement an addendum
    changes, the one a successor renews."""
    ids = {agreement.pk}
    if agreement.kind == Kind.ADDENDUM and agreement.parent_id:
        ids.add(agreement.parent_id)
    if agreement.renews_id:
        ids.add(agreement.renews_id)
    return ids


def sync_time_facts(*agreements: Agreement) -> None:
    """Recompute the stored facts of `agreements` and of the rows they affect (one UPDATE).

    Call it inside the transaction that changed them; the in-memory objects are refreshed.
    """
    ids: set[int] = set()
    for agreement in agreements:
        ids |= affected_ids(agreement)
    _sync_ids(ids)
    for agreement in agreements:
        agreement.refresh_from_db(fields=["effective_end", "has_successor"])


def _sync_ids(ids: Iterable[int]) -> int:
    return Agreement.objects.filter(pk__in=list(ids)).update(
        effective_end=_computed_effective_end(), has_successor=_computed_has_successor()
    )


def time_facts_drift() -> QuerySet:
    """The agreements whose stored facts differ from the recomputed ones."""
    return (
        with_computed_time_facts(Agreement.objects.all())
        .filter(
            (
                Q(effective_end__isnull=False, computed_end__isnull=False)
                & ~Q(effective_end=F("computed_end"))
            )
            | Q(effective_end__isnull=True, computed_end__isnull=False)
            | Q(effective_end__isnull=False, computed_end__isnull=True)
            | ~Q(has_successor=F("computed_successor"))
        )
        .order_by("pk")
    )


def repair_time_facts() -> list[int]:
    """Report and repair drift; returns the ids that were wrong (empty when all agree)."""
    wrong = list(time_facts_drift().values_list("pk", flat=True))
    if wrong:
        logger.error(
            "Stored time facts drifted on %s agreement(s), repaired: %s",
            len(wrong),
            wrong[:50],
        )
        _sync_ids(wrong)
    return wrong
