"""The daily reminder pass, wired at the top of the app graph: only here may every app's
rules be seen. Each rule module (agreements, reviews, evaluations `reminders.py`) finds the
reminders due in each time zone; notifications records each once and notifies its audience.

Scheduled by beat (CELERY_BEAT_SCHEDULE "send-reminders" → dashboards.tasks.send_reminders);
`manage.py send_reminders` runs it by hand.
"""

import datetime

from agreements import reminders as agreement_reminders
from evaluations import reminders as evaluation_reminders
from notifications.services import Delivery, office_zones, remind_many
from reviews import reminders as review_reminders

RULES = (
    agreement_reminders.reminders_due,
    review_reminders.reminders_due,
    evaluation_reminders.reminders_due,
)


def reminders_run(
    *,
    now: datetime.datetime | None = None,
    on_date: datetime.date | None = None,
    dry_run: bool = False,
) -> list[Delivery]:
    """The daily pass: each office on its own local date at `now` (or on `on_date`).

    Offices are grouped by time zone; each rule runs one query per zone, and each rule's
    reminders are recorded in one transaction, so the number of queries grows with the zones
    and the rules, not with the number of agreements.
    """
    zones = office_zones(now=now, on_date=on_date)
    deliveries: list[Delivery] = []
    for rule in RULES:
        deliveries += remind_many(rule(zones), dry_run=dry_run)
    return deliveries
