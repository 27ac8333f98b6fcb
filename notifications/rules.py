"""The vocabulary reminder rules speak: zones with their local date, audiences, reminders,
the configured thresholds and the "has this threshold been reached" arithmetic.

Rule modules (agreements/reminders.py, reviews/reminders.py, evaluations/reminders.py) expose
`reminders_due(zones: list[Zone]) -> list[Reminder]`; the daily pass (dashboards.reminders,
the one place that sees every rule) calls them and hands what they return to
notifications.services.remind_many, which records each reminder once.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils import timezone


def reminder_rules() -> dict:
    """The thresholds: settings.REMINDER_RULES, their one definition (defaults written there,
    REMINDER_RULES_JSON over them). Settings are read when a process starts, so a change
    takes effect once the web and worker processes are restarted."""
    return settings.REMINDER_RULES


@dataclass(frozen=True)
class Zone:
    """A time zone in which offices sit, and the local date there at the run's instant."""

    name: str
    today: datetime.date

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.name)

    def local_date(self, moment: datetime.datetime) -> datetime.date:
        """The date of `moment` on this zone's wall clock."""
        return timezone.localtime(moment, self.tzinfo).date()

    def midnight(self, day: datetime.date) -> datetime.datetime:
        """The aware instant at which `day` begins in this zone."""
        return datetime.datetime.combine(day, datetime.time.min, tzinfo=self.tzinfo)


def zones_at(names: Iterable[str], *, now: datetime.datetime | None = None, on_date=None):
    """One Zone per name: today is each zone's own date at `now`, or `on_date` everywhere."""
    now = now or timezone.now()
    return [
        Zone(name, on_date or timezone.localdate(now, timezone=ZoneInfo(name)))
        for name in sorted(set(names))
    ]


@dataclass(frozen=True)
class Audience:
    """The members of one office holding one of `roles`."""

    office_id: int
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Reminder:
    """One reminder a rule found due: recorded once per (subject, kind, threshold)."""

    subject: models.Model
    kind: str
    threshold: str
    office_id: int
    local_date: datetime.date
    title: str
    body: str
    url: str
    audiences: tuple[Audience, ...] = field(default_factory=tuple)


def reached_after(days: int, thresholds: Iterable[int], catch_up: int) -> int | None:
    """The latest threshold `days` has reached (days ≥ threshold), if reached at most
    `catch_up` days ago; None otherwise.

    Only the latest one counts, so a subject first seen late (a job down for a day, an
    agreement registered close to its end) gets one reminder, not every one it missed.
    """
    reached = [t for t in thresholds if days >= t]
    if not reached:
        return None
    latest = max(reached)
    return latest if days - latest <= catch_up else None


def reached_before(days_left: int, thresholds: Iterable[int], catch_up: int) -> int | None:
    """The most urgent "N days before" threshold reached (days_left ≤ N), if reached at
    most `catch_up` days ago; None otherwise."""
    found = reached_after(-days_left, [-t for t in thresholds], catch_up)
    return None if found is None else -found
