import datetime

import pytest

from dashboards.reminders import reminders_run
from evaluations.instruments import current_instrument
from evaluations.models import Evaluation
from notifications.models import ReminderLog
from tests.notifications.timeline import TODAY, days, sent, signed

pytestmark = pytest.mark.django_db
OWNERS = ("operator.ponorogo", "komisioner.ponorogo")


def evaluation_due(agreement, due: datetime.date, semester: int = 1, **fields) -> Evaluation:
    return Evaluation.objects.create(
        agreement=agreement,
        instrument=current_instrument(),
        year=2025,
        semester=semester,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 6, 30),
        due_date=due,
        **fields,
    )


@pytest.fixture
def evaluations(people, ponorogo):
    """Evaluations of far-from-ending Ponorogo agreements, due at every threshold."""

    def of(due, **fields):
        return evaluation_due(signed(ponorogo, days(900)), due, **fields)

    return {
        "due_14": of(days(14)),
        "over_1": of(days(-1)),
        "over_14": of(days(-14)),
        "returned_over_1": of(days(-1), state=Evaluation.State.RETURNED),
        "submitted_over_1": of(days(-1), state=Evaluation.State.SUBMITTED),
        "accepted_over_14": of(days(-14), state=Evaluation.State.ACCEPTED),
        "due_30": of(days(30)),
        "over_7": of(days(-7)),
        "over_30": of(days(-30)),
    }


def _owners(kind, threshold, pk):
    return {(kind, threshold, pk, name) for name in OWNERS}


def test_evaluation_thresholds_yield_exactly_the_expected_reminders(evaluations):
    reminders_run(on_date=TODAY)
    e = {name: evaluation.pk for name, evaluation in evaluations.items()}
    expected = (
        _owners("EVALUATION_DUE", f"due-14@{days(14)}", e["due_14"])
        | _owners("EVALUATION_OVERDUE", f"overdue-1@{days(-1)}", e["over_1"])
        | _owners("EVALUATION_OVERDUE", f"overdue-1@{days(-1)}", e["returned_over_1"])
        | _owners("EVALUATION_OVERDUE", f"overdue-14@{days(-14)}", e["over_14"])
        | {("EVALUATION_OVERDUE", f"overdue-14@{days(-14)}", e["over_14"], "verifikator.jatim")}
    )
    assert sent(kind__startswith="EVALUATION") == expected
    assert reminders_run(on_date=TODAY) == []


def test_evaluation_reminder_stops_once_submitted(people, ponorogo):
    evaluation = evaluation_due(signed(ponorogo, days(900)), days(-1))
    reminders_run(on_date=TODAY)
    Evaluation.objects.filter(pk=evaluation.pk).update(state=Evaluation.State.SUBMITTED)
    assert reminders_run(on_date=days(13)) == []  # overdue by 14: would have escalated
    assert not ReminderLog.objects.filter(threshold__startswith="overdue-14").exists()
    assert sent(people["reviewer"]) == set()


def test_evaluation_escalation_reaches_only_the_office_above(evaluations, people, outsider):
    reminders_run(on_date=TODAY)
    assert {k for k, *_ in sent(people["reviewer"])} == {"EVALUATION_OVERDUE"}
    for name in ("jatim_commissioner", "ponorogo_reviewer", "ri_reviewer"):
        assert sent(people[name]) == set()
    assert sent(outsider) == set()


def test_nk_follow_up_counts_activities_recorded_in_its_evaluations(people, ponorogo, operator):
    from evaluations.models import Activity

    def nk():
        return signed(ponorogo, days(1500), kind="NK", signed_on=days(-150), start_date=days(-150))

    followed, quiet = nk(), nk()
    evaluation = evaluation_due(followed, days(40))
    Activity.objects.create(
        evaluation=evaluation, date=days(-60), description="Sosialisasi", place="Kampus"
    )
    reminders_run(on_date=days(32))  # six months after signing
    reminded = {pk for kind, _, pk, _ in sent(operator) if kind == "NK_FOLLOW_UP"}
    assert reminded == {quiet.pk}
    # Quiet again six months after that activity: reminded then, keyed on the activity date.
    reminders_run(on_date=datetime.date(2026, 7, 1))
    assert ("NK_FOLLOW_UP", f"6m@{days(-60)}", followed.pk, operator.username) in sent(operator)
