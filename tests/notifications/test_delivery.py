import datetime
import smtplib

import pytest
from django.core import mail
from django.utils import timezone

from dashboards.reminders import reminders_run
from notifications import emails
from notifications.models import EmailStatus, Kind, Notification
from notifications.services import notify, preferences_save
from tests.notifications.timeline import TODAY, days, signed

pytestmark = pytest.mark.django_db


@pytest.fixture
def thirty_days(ponorogo, operator, commissioner, outsider):
    return signed(ponorogo, days(30), title="Pendidikan Pemilih bersama UMPO")


def test_reminder_email_subject_body_and_recipients(thirty_days, operator, commissioner):
    reminders_run(on_date=TODAY)
    assert Notification.objects.filter(email_status=EmailStatus.PENDING).count() == 2
    assert emails.send_pending_emails() == 2
    assert sorted(m.to[0] for m in mail.outbox) == [commissioner.email, operator.email]
    message = next(m for m in mail.outbox if m.to == [operator.email])
    assert message.subject == (
        "[KPU Kerja Sama] Perjanjian Kerja Sama berakhir dalam 30 hari: "
        "Pendidikan Pemilih bersama UMPO"
    )
    notification = Notification.objects.get(recipient=operator)
    assert f"Yth. {operator.get_full_name()}," in message.body
    assert "berakhir pada 1 April 2026" in message.body
    assert "KPU Kabupaten Ponorogo" in message.body
    assert f"http://127.0.0.1:8000/notifikasi/{notification.pk}/buka/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Pendidikan Pemilih bersama UMPO" in html
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENT and notification.emailed_at
    assert emails.send_pending_emails() == 0
    assert len(mail.outbox) == 2


def test_opted_out_kind_stays_in_app_only(thirty_days, operator, commissioner):
    preferences_save(
        user=operator, email_kinds=[Kind.REVIEW_PENDING, Kind.NK_FOLLOW_UP], daily_digest=False
    )
    reminders_run(on_date=TODAY)
    assert Notification.objects.get(recipient=operator).email_status == EmailStatus.NONE
    emails.send_pending_emails()
    assert [m.to for m in mail.outbox] == [[commissioner.email]]


def test_user_without_email_gets_no_email(thirty_days, operator, commissioner):
    operator.email = ""
    operator.save()
    reminders_run(on_date=TODAY)
    assert Notification.objects.get(recipient=operator).email_status == EmailStatus.NONE


def test_daily_digest_sends_one_email_per_user(ponorogo, operator, commissioner):
    preferences_save(user=commissioner, email_kinds=Kind.values, daily_digest=True)
    signed(ponorogo, days(30), title="Kerja sama A")
    signed(ponorogo, days(7), title="Kerja sama B")
    reminders_run(on_date=TODAY)
    assert emails.send_pending_emails() == 2  # the operator's, one per notification
    assert all(m.to == [operator.email] for m in mail.outbox)
    mail.outbox.clear()
    assert emails.send_daily_digests() == 1
    (digest,) = mail.outbox
    assert digest.to == [commissioner.email]
    assert digest.subject == "[KPU Kerja Sama] Ringkasan harian: 2 notifikasi"
    assert "Kerja sama A" in digest.body and "Kerja sama B" in digest.body
    assert emails.send_daily_digests() == 0
    assert set(
        Notification.objects.filter(recipient=commissioner).values_list("email_status", flat=True)
    ) == {EmailStatus.SENT}


def test_a_claimed_row_is_sent_once(thirty_days, operator):
    reminders_run(on_date=TODAY)
    notification = Notification.objects.get(recipient=operator)
    assert emails.deliver_email(notification_id=notification.pk) is True
    assert emails.deliver_email(notification_id=notification.pk) is False
    assert len([m for m in mail.outbox if m.to == [operator.email]]) == 1


def test_row_left_sending_by_a_dead_worker_goes_out_on_the_next_sweep(thirty_days, operator):
    reminders_run(on_date=TODAY)
    Notification.objects.update(
        email_status=EmailStatus.SENDING,
        email_claimed_at=timezone.now() - datetime.timedelta(hours=1),
    )
    assert emails.send_pending_emails() == 2
    assert {m.to[0] for m in mail.outbox} >= {operator.email}


def test_transient_failure_is_retried_then_failed(thirty_days, operator, monkeypatch):
    reminders_run(on_date=TODAY)

    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("server pergi")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    notification = Notification.objects.get(recipient=operator)
    emails.send_pending_emails()
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.PENDING
    assert "server pergi" in notification.email_error
    for _ in range(emails.MAX_ATTEMPTS):
        emails.send_pending_emails()
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.FAILED
    assert notification.email_attempts == emails.MAX_ATTEMPTS


def test_notify_is_not_deduplicated_and_respects_preferences(operator, commissioner, ponorogo):
    preferences_save(user=commissioner, email_kinds=[], daily_digest=False)
    made = notify(
        recipients=[operator, commissioner, operator],
        kind=Kind.GENERAL,
        title="Pengumuman",
        office=ponorogo,
    )
    assert len(made) == 2
    assert {n.email_status for n in made} == {EmailStatus.PENDING, EmailStatus.NONE}
    notify(recipients=[operator], kind=Kind.GENERAL, title="Pengumuman")
    assert Notification.objects.filter(recipient=operator).count() == 2


def test_broker_down_delays_emails_and_loses_none(
    thirty_days, operator, monkeypatch, django_capture_on_commit_callbacks
):
    from notifications.tasks import send_pending_emails

    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis tidak terjangkau")

    monkeypatch.setattr(send_pending_emails, "delay", unreachable)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        reminders_run(on_date=TODAY)
    assert len(callbacks) == 1  # the sweep was asked for, and its failure swallowed
    assert mail.outbox == []
    assert emails.send_pending_emails() == 2  # the beat sweep finds the rows
