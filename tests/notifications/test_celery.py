"""The reminder pass through a real Celery worker and Redis, and two passes at once."""

import datetime
import threading

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection

from core.tasks import clear_expired_sessions
from dashboards.reminders import reminders_run
from dashboards.tasks import send_reminders
from notifications.models import EmailStatus, Notification, ReminderLog
from notifications.tasks import send_pending_emails
from tests.helpers import wait_until
from tests.notifications.timeline import TODAY, days, pending_review, sent, signed

pytestmark = pytest.mark.celery


@pytest.fixture
def due(people, ponorogo, jatim):
    """Reminders for six recipients: 30 days (2 owners), expired (2 owners + Jatim reviewer),
    a review pending 8 days (Jatim reviewer)."""
    thirty = signed(ponorogo, days(30))
    expired = signed(ponorogo, days(-1))
    review = pending_review(signed(ponorogo, days(900)), jatim, ponorogo, waited=8)
    return {"thirty": thirty, "expired": expired, "review": review}


def _expired_session() -> str:
    store = SessionStore()
    store["x"] = 1
    store.set_expiry(datetime.timedelta(seconds=-60))
    store.create()
    return store.session_key


def test_worker_sends_each_reminder_and_email_once(celery_worker, due, people):
    # The job twice (a second beat, a redelivered message), then a sentinel task: the worker
    # takes them in order, so once the sentinel has run both passes are over.
    send_reminders.delay(on_date=TODAY.isoformat())
    send_reminders.delay(on_date=TODAY.isoformat())
    sentinel = _expired_session()
    clear_expired_sessions.delay()
    assert wait_until(lambda: not Session.objects.filter(session_key=sentinel).exists())
    # The first pass queued the email sweep on commit; the same worker sends them.
    assert wait_until(lambda: len(mail.outbox) == 6)
    assert ReminderLog.objects.count() == 3
    assert Notification.objects.count() == 6
    assert not Notification.objects.exclude(email_status=EmailStatus.SENT).exists()
    expected = [people[name].email for name in ("operator", "commissioner", "reviewer")] * 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(expected)
    subjects = {m.subject for m in mail.outbox if m.to == [people["reviewer"].email]}
    assert any(s.startswith("[KPU Kerja Sama] Verifikasi menunggu 8 hari") for s in subjects)


def test_a_later_sweep_finds_nothing_left_to_send(celery_worker, due, people):
    send_reminders.delay(on_date=TODAY.isoformat())
    assert wait_until(lambda: len(mail.outbox) == 6)
    # The sweep again, then a sentinel behind it in the same queue: the solo pool takes them
    # in order, so once the sentinel's session is gone the worker has finished the sweep.
    send_pending_emails.delay()
    sentinel = _expired_session()
    clear_expired_sessions.delay()
    assert wait_until(lambda: not Session.objects.filter(session_key=sentinel).exists())
    assert len(mail.outbox) == 6
    assert Notification.objects.filter(email_status=EmailStatus.SENT).count() == 6


def test_two_runs_at_once_deliver_once(celery_worker, due, people):
    start = threading.Barrier(2)
    results: list = []

    def run():
        try:
            start.wait()
            results.append(reminders_run(on_date=TODAY))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    # Each reminder was recorded by exactly one of the two (possibly some by each).
    assert len(results) == 2 and sum(len(r) for r in results) == 3
    assert Notification.objects.count() == 6
    assert ReminderLog.objects.count() == 3
    assert len(sent()) == 6
