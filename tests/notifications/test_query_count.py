"""One reminder pass makes the same number of queries for few and for many agreements.

    REMINDER_QUERY_SIZES=1000,10000 DEBUG=true .venv/bin/python -m pytest -s \
        tests/notifications/test_query_count.py

prints the queries and the reminders of one pass per size (default sizes: 100 and 1000).
"""

import datetime
import os
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement
from dashboards.reminders import reminders_run
from evaluations.instruments import current_instrument
from evaluations.models import Evaluation
from notifications.models import Notification, ReminderLog
from offices.models import Membership, Office
from reviews.models import Review
from tests.notifications.timeline import TODAY, days, pending_review

SIZES = [int(n) for n in os.environ.get("REMINDER_QUERY_SIZES", "100,1000").split(",")]


def _populate(n: int, offices: list[Office], jatim: Office) -> None:
    """n signed agreements over every office, their ends spread over five years (some on a
    threshold today), n/10 of them NKs signed six months ago, reviews and evaluations."""
    six_months_ago = datetime.date(2025, 9, 2)
    rows = []
    for i in range(n):
        nk = i % 10 == 0
        end = days((i * 7) % 1830 - 30)
        rows.append(
            Agreement(
                office=offices[i % len(offices)],
                kind="NK" if nk else "PKS",
                state="SIGNED",
                title=f"Kerja sama {i}",
                divisi="TECHNICAL",
                start_date=six_months_ago if nk else end - datetime.timedelta(days=730),
                end_date=days(2000) if nk else end,
                signed_on=six_months_ago if nk else end - datetime.timedelta(days=730),
            )
        )
    agreements = Agreement.objects.bulk_create(rows)
    instrument = current_instrument()
    for i, agreement in enumerate(agreements[: max(n // 20, 5)]):
        pending_review(agreement, jatim, agreement.office, waited=8 + (i % 10))
        Evaluation.objects.create(
            agreement=agreement,
            instrument=instrument,
            year=2025,
            semester=1,
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 6, 30),
            due_date=days(-(i % 20)),
        )


def _clear() -> None:
    Notification.objects.all().delete()
    ReminderLog.objects.all().delete()
    Review.objects.all().delete()
    Evaluation.objects.all().delete()
    Agreement.objects.all().delete()


@pytest.mark.django_db(transaction=True)
def test_reminder_pass_queries_do_not_grow_with_agreements(offices, monkeypatch):
    # Transactional: commits would queue the email sweep on the real broker; not wanted here.
    monkeypatch.setattr("notifications.services._queue_email_sweep", lambda: None)
    all_offices = list(Office.objects.order_by("pk"))
    jatim = Office.objects.get(code="35")
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"uji.{office.pk}", email=f"uji.{office.pk}@kpu.go.id")
        for office in all_offices
    )
    Membership.objects.bulk_create(
        Membership(user=user, office=office, role=role)
        for user, office in zip(users, all_offices, strict=True)
        for role in ("OPERATOR", "COMMISSIONER", "REVIEWER")
    )
    for model in (Agreement, Review, Evaluation):
        ContentType.objects.get_for_model(model)
    counts = {}
    for n in SIZES:
        _populate(n, all_offices, jatim)
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            deliveries = reminders_run(on_date=TODAY)
        seconds = time.perf_counter() - started
        counts[n] = len(captured.captured_queries)
        print(
            f"\n{n} agreements: {counts[n]} queries, {len(deliveries)} reminders, "
            f"{Notification.objects.count()} notifications, {seconds:.2f} s"
        )
        assert deliveries
        _clear()
    assert len(set(counts.values())) == 1, counts
