import io

import pytest
from django.core.management import CommandError, call_command

from notifications.models import Notification, ReminderLog
from tests.notifications.timeline import TODAY, days, signed

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def thirty(ponorogo, operator, commissioner):
    return signed(ponorogo, days(30), title="Pendidikan Pemilih")


def test_dry_run_prints_per_office_and_recipient_and_creates_nothing(thirty):
    output = _run("--date", TODAY.isoformat(), "--dry-run")
    assert "KPU Kabupaten Ponorogo" in output
    assert f"[AGREEMENT_EXPIRING 30@{days(30)}]" in output
    assert "berakhir dalam 30 hari: Pendidikan Pemilih" in output
    assert "→ operator.ponorogo <operator.ponorogo@kpu.go.id>" in output
    assert "→ komisioner.ponorogo" in output
    assert "1 pengingat akan dikirim ke 2 penerima." in output
    assert not ReminderLog.objects.exists()
    assert not Notification.objects.exists()


def test_real_run_then_dry_run_shows_nothing_left(thirty):
    assert "1 pengingat dikirim ke 2 penerima." in _run("--date", TODAY.isoformat())
    assert Notification.objects.count() == 2
    output = _run("--date", TODAY.isoformat(), "--dry-run", "--queries")
    assert "0 pengingat akan dikirim ke 0 penerima." in output
    assert "kueri." in output


def test_bad_date_is_refused(offices):
    with pytest.raises(CommandError, match="Tanggal tidak sah"):
        _run("--date", "2026-02-30")
