import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from agreements.models import Agreement
from core.idn import add_months
from core.models import ActivityLog
from dashboards.reminders import reminders_run
from evaluations.instruments import current_instrument
from evaluations.models import Activity, Evaluation
from notifications.models import Notification, ReminderLog
from reviews.models import Review
from tests.factories import member
from tests.notifications.timeline import TODAY, days, pending_review, sent, signed

pytestmark = pytest.mark.django_db
OWNERS = ("operator.ponorogo", "komisioner.ponorogo")
SIX_MONTHS_AGO = add_months(TODAY, -6)  # 2025-09-02


def _activity(agreement: Agreement, day: datetime.date) -> Activity:
    """An activity recorded on `day` in a submitted evaluation of `agreement`."""
    evaluation = Evaluation.objects.create(
        agreement=agreement,
        instrument=current_instrument(),
        year=2025,
        semester=2,
        period_start=datetime.date(2025, 7, 1),
        period_end=datetime.date(2025, 12, 31),
        due_date=datetime.date(2026, 1, 31),
        state=Evaluation.State.SUBMITTED,
    )
    return Activity.objects.create(
        evaluation=evaluation, date=day, description="Sosialisasi", place="Kampus"
    )


def _owners(kind: str, threshold: str, pk: int) -> set[tuple]:
    return {(kind, threshold, pk, username) for username in OWNERS}


@pytest.fixture
def scene(people, ponorogo, jatim):
    """Ponorogo agreements at every threshold and between them, NKs with and without
    follow-up, and reviews of every age, addressed to KPU Provinsi Jawa Timur."""
    at = {n: signed(ponorogo, days(n)) for n in (90, 60, 30, 7, 0, -1)}
    quiet = {n: signed(ponorogo, days(n)) for n in (100, 86, 45, 20, 3, -10)}
    draft = signed(ponorogo, days(30), state=Agreement.State.DRAFT)
    nk = {
        name: signed(ponorogo, days(1500), kind="NK", signed_on=when, start_date=when)
        for name, when in [
            ("quiet", SIX_MONTHS_AGO),
            ("with_pks", SIX_MONTHS_AGO),
            ("active", SIX_MONTHS_AGO),
            ("old", add_months(TODAY, -8)),
        ]
    }
    signed(ponorogo, days(700), parent=nk["with_pks"], start_date=TODAY)
    _activity(nk["active"], days(-30))
    reviews = {
        waited: pending_review(subject, jatim, ponorogo, waited)
        for waited, subject in zip((8, 15, 3, 12, 20), quiet.values(), strict=False)
    }
    Review.objects.filter(pk=reviews[20].pk).update(decision=Review.Decision.APPROVED)
    return {"at": at, "quiet": quiet, "draft": draft, "nk": nk, "reviews": reviews}


def _expected(scene) -> set[tuple]:
    at, reviews = scene["at"], scene["reviews"]
    expected = set()
    for n in (90, 60, 30, 7, 0):
        expected |= _owners("AGREEMENT_EXPIRING", f"{n}@{days(n)}", at[n].pk)
    expired = f"expired@{days(-1)}"
    expected |= _owners("AGREEMENT_EXPIRED", expired, at[-1].pk)
    expected.add(("AGREEMENT_EXPIRED", expired, at[-1].pk, "verifikator.jatim"))
    expected |= _owners("NK_FOLLOW_UP", f"6m@{SIX_MONTHS_AGO}", scene["nk"]["quiet"].pk)
    expected.add(("REVIEW_PENDING", "7d", reviews[8].pk, "verifikator.jatim"))
    expected.add(("REVIEW_ESCALATED", "14d", reviews[15].pk, "verifikator.ri"))
    return expected


def test_every_threshold_yields_exactly_the_expected_reminders(scene):
    deliveries = reminders_run(on_date=TODAY)
    assert sent() == _expected(scene)
    assert len(deliveries) == 9
    assert ReminderLog.objects.count() == 9
    assert all(log.local_date == TODAY for log in ReminderLog.objects.all())


def test_second_run_yields_none(scene):
    reminders_run(on_date=TODAY)
    count = Notification.objects.count()
    assert reminders_run(on_date=TODAY) == []
    assert Notification.objects.count() == count


def test_reminder_text_and_link(scene, operator):
    reminders_run(on_date=TODAY)
    thirty = Notification.objects.get(recipient=operator, object_id=scene["at"][30].pk)
    assert thirty.title.startswith("Perjanjian Kerja Sama berakhir dalam 30 hari: PKS 35.02")
    assert "berakhir pada 1 April 2026" in thirty.body
    assert thirty.url == scene["at"][30].get_absolute_url()
    assert thirty.office.code == "35.02"
    today = Notification.objects.get(recipient=operator, object_id=scene["at"][0].pk)
    assert "berakhir hari ini" in today.title


def test_escalation_reaches_the_office_above_and_no_other(scene, people):
    reminders_run(on_date=TODAY)
    expired = scene["at"][-1].pk
    assert {n for *_, n in sent(kind="AGREEMENT_EXPIRED", object_id=expired)} == {
        *OWNERS,
        "verifikator.jatim",
    }
    review = scene["reviews"][15].pk
    assert {n for *_, n in sent(kind="REVIEW_ESCALATED", object_id=review)} == {"verifikator.ri"}
    for quiet in ("jatim_commissioner", "ponorogo_reviewer"):
        assert sent(people[quiet]) == set()
    assert {k for k, *_ in sent(people["ri_reviewer"])} == {"REVIEW_ESCALATED"}


def test_outsider_never_receives_another_offices_reminder(scene, outsider, sleman, operator):
    sleman_pks = signed(sleman, days(30))
    reminders_run(on_date=TODAY)
    assert sent(outsider) == {
        ("AGREEMENT_EXPIRING", f"30@{days(30)}", sleman_pks.pk, outsider.username)
    }
    assert not Notification.objects.filter(recipient=operator, object_id=sleman_pks.pk).exists()


def test_wit_office_gets_its_reminder_on_its_own_date(
    jayapura, jayapura_operator, ponorogo, operator
):
    end = days(7)
    papua = signed(jayapura, end)
    java = signed(ponorogo, end)
    # 16:30 UTC on 1 March: 23:30 WIB (still 1 March), 01:30 WIT (2 March = end − 7).
    evening = datetime.datetime(2026, 3, 1, 16, 30, tzinfo=datetime.UTC)
    assert timezone.localdate(evening) == end - datetime.timedelta(days=8)
    reminders_run(now=evening)
    assert sent() == {("AGREEMENT_EXPIRING", f"7@{end}", papua.pk, "operator.jayapura")}
    assert ReminderLog.objects.get().local_date == end - datetime.timedelta(days=7)
    # One hour later it is past midnight in WIB too: Ponorogo's turn, Papua's not again.
    reminders_run(now=evening + datetime.timedelta(hours=1))
    assert {pk for _, _, pk, _ in sent()} == {papua.pk, java.pk}
    assert Notification.objects.filter(recipient=operator).count() == 1


def test_missed_day_catches_up_once_and_only_the_latest_threshold(ponorogo, operator):
    agreement = signed(ponorogo, days(32))  # its 30-day mark is two days from now
    assert reminders_run(on_date=days(-1)) == []  # 33 days left: no threshold in reach
    # The job did not run on days(2) or days(3); on days(4) the 30-day reminder still goes.
    reminders_run(on_date=days(4))
    assert sent(operator) == {
        ("AGREEMENT_EXPIRING", f"30@{days(32)}", agreement.pk, operator.username)
    }
    assert reminders_run(on_date=days(5)) == []
    # Registered seven days before its end: one reminder (7), not 90, 60 and 30 as well.
    late = signed(ponorogo, days(11))
    reminders_run(on_date=days(4))
    assert {t for _, t, pk, _ in sent(operator) if pk == late.pk} == {f"7@{days(11)}"}


def test_stops_when_extended_and_starts_again_on_the_new_end(ponorogo, operator):
    agreement = signed(ponorogo, days(30))
    reminders_run(on_date=TODAY)
    extension_draft = signed(
        ponorogo, days(395), kind="ADDENDUM", parent=agreement, extends_term=True, state="DRAFT"
    )
    # An unsigned extension changes nothing: the 7-day reminder still comes.
    reminders_run(on_date=days(23))
    assert len(sent(operator)) == 2
    extension_draft.state = Agreement.State.SIGNED
    extension_draft.save()  # keeps the parent's stored effective end, as signing does
    assert reminders_run(on_date=days(30)) == []
    assert reminders_run(on_date=days(31)) == []  # no "expired" either
    reminders_run(on_date=days(395 - 90))
    assert (
        "AGREEMENT_EXPIRING",
        f"90@{days(395)}",
        agreement.pk,
        operator.username,
    ) in sent(operator)


def test_stops_when_renewed(ponorogo, operator):
    agreement = signed(ponorogo, days(30))
    signed(ponorogo, days(30 + 1826), renews=agreement, start_date=days(31))
    assert reminders_run(on_date=TODAY) == []
    assert reminders_run(on_date=days(31)) == []


def test_stops_when_terminated(ponorogo, operator):
    agreement = signed(ponorogo, days(30))
    reminders_run(on_date=TODAY)
    Agreement.objects.filter(pk=agreement.pk).update(
        state=Agreement.State.TERMINATED, terminated_on=days(10), termination_reason="Selesai"
    )
    for day in (23, 30, 31):
        assert reminders_run(on_date=days(day)) == []
    assert len(sent(operator)) == 1


def test_review_stops_when_decided(ponorogo, jatim, reviewer, ri_reviewer):
    subject = signed(ponorogo, days(500), state=Agreement.State.SUBMITTED)
    review = pending_review(subject, jatim, ponorogo, waited=8)
    reminders_run(on_date=TODAY)
    assert sent(reviewer) == {("REVIEW_PENDING", "7d", review.pk, reviewer.username)}
    Review.objects.filter(pk=review.pk).update(
        decision=Review.Decision.APPROVED, decided_at=timezone.now()
    )
    assert reminders_run(on_date=days(7)) == []  # 15 days: would have escalated
    assert sent(ri_reviewer) == set()


def test_nk_follow_up_ignores_workflow_entries_and_stops_with_a_signed_pks(ponorogo, operator):
    """Follow-up is a signed PKS or a monev activity (the list's "tanpa tindak lanjut"
    definition); an entry of the workflow log, such as an uploaded attachment, is not."""

    def nk():
        return signed(ponorogo, days(1500), kind="NK", signed_on=days(-150), start_date=days(-150))

    logged, with_pks = nk(), nk()
    ActivityLog.objects.create(
        action="attachment.added",
        content_type=ContentType.objects.get_for_model(Agreement),
        object_id=str(logged.pk),
    )
    ActivityLog.objects.filter(object_id=str(logged.pk)).update(
        created_at=datetime.datetime.combine(days(-60), datetime.time(9), tzinfo=datetime.UTC)
    )
    signed(ponorogo, days(700), parent=with_pks, start_date=days(-10))
    six_months_after_signing = days(32)  # 2025-10-03 + 6 months = 2026-04-03
    reminders_run(on_date=six_months_after_signing)
    assert sent(operator) == {("NK_FOLLOW_UP", f"6m@{days(-150)}", logged.pk, operator.username)}
    assert reminders_run(on_date=days(33)) == []


def test_thresholds_come_from_settings(settings, ponorogo, operator):
    settings.REMINDER_RULES = {
        **settings.REMINDER_RULES,
        "agreement_expiry_days": [45],
        "catch_up_days": 0,
    }
    agreement = signed(ponorogo, days(45))
    signed(ponorogo, days(30))
    reminders_run(on_date=TODAY)
    assert sent(operator) == {
        ("AGREEMENT_EXPIRING", f"45@{days(45)}", agreement.pk, operator.username)
    }


def test_national_review_escalates_to_its_own_reviewers(ponorogo, ri_reviewer, offices):
    from offices.models import Office

    national = Office.objects.get(level=Office.Level.NATIONAL)
    jatim_operator = member("operator.jatim", "35", "OPERATOR")
    subject = signed(ponorogo, days(500), kind="NK", state=Agreement.State.SUBMITTED)
    review = pending_review(subject, national, ponorogo, waited=15)
    reminders_run(on_date=TODAY)
    assert sent() == {("REVIEW_ESCALATED", "14d", review.pk, ri_reviewer.username)}
    assert sent(jatim_operator) == set()


def test_a_pass_that_dies_midway_records_nothing_and_the_next_run_delivers(scene, monkeypatch):
    def die(*args, **kwargs):
        raise RuntimeError("worker killed")

    monkeypatch.setattr(Notification.objects, "bulk_create", die)
    with pytest.raises(RuntimeError):
        reminders_run(on_date=TODAY)
    assert not ReminderLog.objects.exists()
    monkeypatch.undo()
    reminders_run(on_date=TODAY)
    assert sent() == _expected(scene)
