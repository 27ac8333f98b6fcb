"""Work a worker does on a database row: claimed before it is done, swept when it is lost.

The row is the source of truth, the Celery message only a nudge. A request writes the row in
its `pending` state and queues a task after commit; the task claims the row (`pending` →
`working`, the claim's time and one more attempt, in one UPDATE, so of two deliveries or two
workers only one gets it), does the work, and writes the outcome. A periodic sweep queues again
the rows whose message was lost (left `pending`, e.g. while the broker was down) and takes
over the claims of workers that died mid-job (left `working` past a timeout), giving up on a
row after a number of attempts.

A `Job` names the columns and states a model keeps this in; the model's module declares it
once (agreements.documents, evaluations.reports, partners.imports, notifications.emails).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, Q, QuerySet
from django.utils import timezone


def _stamped(rows: QuerySet, now: datetime, fields: dict) -> dict:
    """`fields` plus `updated_at=now` when the model has that column (UPDATE skips auto_now)."""
    try:
        rows.model._meta.get_field("updated_at")
    except FieldDoesNotExist:
        return fields
    return {"updated_at": now, **fields}


@dataclass(frozen=True)
class Job:
    """A row's work: its `status` column moves from `pending` to `working` when a worker claims
    it; `claimed_at` holds the claim's time and `attempts` (None: not counted) the claims made.
    """

    pending: str
    working: str
    status: str = "status"
    claimed_at: str = "updated_at"
    attempts: str | None = "attempts"

    def claim(
        self,
        rows: QuerySet,
        *,
        take_over_after: timedelta | None = None,
        max_attempts: int | None = None,
        **changes,
    ) -> datetime | None:
        """Take the `pending` rows of `rows` (narrow it to a pk) for this worker, setting
        `changes` too, in one UPDATE; PostgreSQL re-checks the state of a row another
        transaction changed meanwhile, so two concurrent claimers never both get it.

        With `take_over_after`, a row left `working` longer than that is taken as well (its
        worker died), while it has had fewer than `max_attempts` claims. Returns the claim's
        time (kept to tell a later takeover from our own claim), None when nothing was taken.
        """
        now = timezone.now()
        claimable = Q(**{self.status: self.pending})
        if take_over_after is not None:
            claimable |= Q(self._stale(now, take_over_after), **self._below(max_attempts))
        fields = {self.status: self.working, self.claimed_at: now, **changes}
        if self.attempts:
            fields[self.attempts] = F(self.attempts) + 1
        claimed = rows.filter(claimable).update(**_stamped(rows, now, fields))
        return now if claimed else None

    def stale_claims(self, rows: QuerySet, stale_after: timedelta) -> QuerySet:
        """The rows of `rows` left `working` for longer than `stale_after`: their worker is
        taken to be dead (choose it longer than the task's time limit)."""
        return rows.filter(self._stale(timezone.now(), stale_after))

    def sweep(
        self,
        rows: QuerySet,
        *,
        stale_after: timedelta,
        queue: Callable[[int], object],
        pending_after: timedelta | None = None,
        max_attempts: int | None = None,
        failed: dict | None = None,
        take_over: bool = False,
    ) -> int:
        """Queue again the rows of `rows` whose work was lost; returns how many were queued.

        1. A stale claim (see stale_claims) that has had `max_attempts` claims gets the
           `failed` fields (its status and error) instead.
        2. Another stale claim goes back to `pending`, unless `take_over` says the claim takes
           stale rows over itself (claim's `take_over_after`), so it stays as it is.
        3. Those, and the rows `pending` untouched for `pending_after` (default: stale_after),
           are passed to `queue(pk)`; their `updated_at` is set to now, so the next sweep
           gives this message its time before it queues another.
        """
        now = timezone.now()
        stale = rows.filter(self._stale(now, stale_after))
        if max_attempts is not None and self.attempts:
            worn_out = stale.filter(**{f"{self.attempts}__gte": max_attempts})
            worn_out.update(**_stamped(rows, now, dict(failed or {})))
        waiting = Q(
            **{self.status: self.pending}, updated_at__lt=now - (pending_after or stale_after)
        )
        lost = list(
            rows.filter(waiting | self._stale(now, stale_after)).values_list("pk", flat=True)
        )
        if not take_over:
            stale.update(**_stamped(rows, now, {self.status: self.pending}))
        rows.filter(pk__in=lost, **{self.status: self.pending}).update(updated_at=now)
        for pk in lost:
            queue(pk)
        return len(lost)

    def _stale(self, now: datetime, after: timedelta) -> Q:
        return Q(**{self.status: self.working, f"{self.claimed_at}__lt": now - after})

    def _below(self, max_attempts: int | None) -> dict:
        if max_attempts is None or not self.attempts:
            return {}
        return {f"{self.attempts}__lt": max_attempts}
