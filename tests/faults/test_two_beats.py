"""Two beat processes (a second one started by mistake, or two hosts both running beat) each
send the daily reminder pass, every second here, to two workers that take them at the same
time: every reminder is recorded, notified and emailed exactly once (ReminderLog)."""

import datetime
import re
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType

from agreements.models import Agreement
from evaluations.selectors import office_today
from notifications.models import EmailStatus, Notification, ReminderLog
from reviews.models import Review
from tests.helpers import wait_until

pytestmark = pytest.mark.celery
DAY = datetime.timedelta(days=1)
SENT = "Sending due task send-reminders"
SUCCEEDED = re.compile(r"Task dashboards\.tasks\.send_reminders\[[^\]]+\] succeeded")


def _signed(office, end: datetime.date, title: str) -> Agreement:
    return Agreement.objects.create(
        office=office,
        kind="PKS",
        title=title,
        state=Agreement.State.SIGNED,
        divisi=Agreement.Divisi.PARTICIPATION,
        start_date=end - 730 * DAY,
        end_date=end,
        signed_on=end - 730 * DAY,
    )


@pytest.fixture
def due_today(transactional_db, ponorogo, jatim, operator, commissioner, reviewer):
    """Due on Ponorogo's local today: an agreement 30 days from its end (operator and
    commissioner), one that ended yesterday (the same two and Jawa Timur's reviewer), and a
    review waiting 8 days at Jawa Timur (its reviewer): 3 reminders, 6 notifications."""
    today = office_today(ponorogo)
    _signed(ponorogo, today + 30 * DAY, "PKS berakhir 30 hari lagi")
    _signed(ponorogo, today - DAY, "PKS berakhir kemarin")
    waiting = _signed(ponorogo, today + 900 * DAY, "PKS lama menunggu")
    review = Review.objects.create(
        content_type=ContentType.objects.get_for_model(Agreement),
        object_id=waiting.pk,
        office=jatim,
        submitted_from=ponorogo,
        round=1,
        step=1,
        subject_kind="PKS",
        subject_title=waiting.title,
    )
    opened = datetime.datetime.combine(today - 8 * DAY, datetime.time(10), ZoneInfo(jatim.timezone))
    Review.objects.filter(pk=review.pk).update(created_at=opened)
    return {"recipients": [operator.email, commissioner.email, reviewer.email]}


def _emails(directory: Path) -> list[str]:
    """The To: of every email the workers wrote (file backend, any number per file)."""
    if not directory.is_dir():
        return []
    found = []
    for path in directory.iterdir():
        found += re.findall(r"^To: (.+)$", path.read_text(), flags=re.MULTILINE)
    return found


def test_two_beats_and_two_workers_send_each_reminder_once(
    start_celery, on_fault_redis, due_today, tmp_path
):
    workers = [start_celery("worker", f"worker{n}") for n in (1, 2)]
    beats = [start_celery("beat", f"beat{n}", FAULTS_BEAT_SECONDS="1") for n in (1, 2)]
    assert wait_until(lambda: all(beat.log().count(SENT) >= 3 for beat in beats), 60)
    for beat in beats:
        beat.stop()
    sent = sum(beat.log().count(SENT) for beat in beats)

    def all_passes_ran() -> bool:
        return sum(len(SUCCEEDED.findall(worker.log())) for worker in workers) == sent

    assert wait_until(all_passes_ran, 120), "\n".join(w.log()[-2000:] for w in workers)
    # Both workers took passes: they did run side by side.
    assert all(SUCCEEDED.search(worker.log()) for worker in workers)
    emails = tmp_path / "email"
    assert wait_until(lambda: len(_emails(emails)) >= 6, 60)
    # Let any duplicate that was still on its way arrive before counting.
    assert wait_until(lambda: on_fault_redis.queued() == 0, 30)
    time.sleep(2)
    assert ReminderLog.objects.count() == 3
    assert Notification.objects.count() == 6
    assert not Notification.objects.exclude(email_status=EmailStatus.SENT).exists()
    assert sorted(_emails(emails)) == sorted(due_today["recipients"] * 2)
