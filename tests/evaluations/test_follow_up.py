"""The "tanpa tindak lanjut" rules: an NK idle for 6 months (REMINDER_RULES
["nk_follow_up_months"], the reminder's setting too), and a last evaluated period without
activity."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement
from evaluations.models import Activity, Evaluation
from evaluations.selectors import follow_up_flags_of, with_follow_up_flags
from tests.factories import signed_agreement
from tests.workflows import add_activity, open_evaluation

pytestmark = pytest.mark.django_db
D = datetime.date
SIGNED_ON = D(2026, 1, 10)


def flags(agreement, today) -> tuple[bool, bool, bool]:
    row = follow_up_flags_of(agreement, today)
    return row["idle_nk"], row["idle_last_period"], row["no_follow_up"]


def evaluated(agreement, year, semester, state=Evaluation.State.SUBMITTED) -> Evaluation:
    evaluation = open_evaluation(agreement, year, semester)
    Evaluation.objects.filter(pk=evaluation.pk).update(state=state)
    evaluation.refresh_from_db()
    return evaluation


@pytest.fixture
def nk(ponorogo):
    return signed_agreement(ponorogo, start=SIGNED_ON, signed_on=SIGNED_ON)


def test_nk_idle_once_six_months_have_passed(nk):
    assert flags(nk, D(2026, 7, 9)) == (False, False, False)
    assert flags(nk, D(2026, 7, 10)) == (True, False, True)  # six months: the reminder's day


def test_idle_months_come_from_the_reminder_setting(nk, settings):
    settings.REMINDER_RULES = {**settings.REMINDER_RULES, "nk_follow_up_months": 3}
    assert flags(nk, D(2026, 4, 9))[0] is False
    assert flags(nk, D(2026, 4, 10))[0] is True


def test_six_months_counted_in_calendar_months_at_month_end(ponorogo):
    nk = signed_agreement(ponorogo, start=D(2025, 8, 31), signed_on=D(2025, 8, 31))
    assert flags(nk, D(2026, 2, 28))[0] is False  # 31 Aug + 6 months is clamped to 28 Feb
    assert flags(nk, D(2026, 3, 1))[0] is True


def test_signed_pks_is_follow_up_a_draft_pks_is_not(nk, ponorogo):
    today = D(2027, 1, 1)
    draft = signed_agreement(ponorogo, kind="PKS", parent=nk, state=Agreement.State.DRAFT)
    assert flags(nk, today)[2] is True
    Agreement.objects.filter(pk=draft.pk).update(state=Agreement.State.SIGNED)
    assert flags(nk, today) == (False, False, False)


def test_an_activity_in_the_last_six_months_is_follow_up(nk, operator):
    evaluation = open_evaluation(nk, 2026, 2)  # still a draft
    add_activity(evaluation, operator, day=D(2026, 9, 1), evidence=False)
    assert flags(nk, D(2027, 1, 1)) == (False, False, False)
    # Quiet again six months after that activity.
    assert flags(nk, D(2027, 2, 28)) == (False, False, False)
    assert flags(nk, D(2027, 3, 1)) == (True, False, True)


def test_terminated_or_other_kinds_are_not_idle_nks(nk, ponorogo):
    pks = signed_agreement(ponorogo, kind="PKS", start=SIGNED_ON, signed_on=SIGNED_ON)
    assert flags(pks, D(2027, 1, 1)) == (False, False, False)
    Agreement.objects.filter(pk=nk.pk).update(
        state=Agreement.State.TERMINATED, terminated_on=D(2026, 3, 1)
    )
    assert flags(nk, D(2027, 1, 1)) == (False, False, False)


def test_last_evaluated_period_without_activity(ponorogo):
    pks = signed_agreement(ponorogo, kind="PKS")
    today = D(2027, 3, 1)
    first = evaluated(pks, 2026, 1)
    assert flags(pks, today) == (False, True, True)
    Activity.objects.create(
        evaluation=first, date=D(2026, 3, 1), description="Rapat", place="Kantor", participants=5
    )
    assert flags(pks, today) == (False, False, False)
    # The second semester is now the last evaluated one, and it has no activity.
    evaluated(pks, 2026, 2, state=Evaluation.State.ACCEPTED)
    assert flags(pks, today) == (False, True, True)


def test_a_draft_period_is_not_yet_evaluated(ponorogo):
    pks = signed_agreement(ponorogo, kind="PKS")
    evaluated(pks, 2026, 1, state=Evaluation.State.DRAFT)
    assert flags(pks, D(2027, 3, 1)) == (False, False, False)


def test_nk_followed_up_through_its_pks_is_not_flagged_for_its_own_periods(nk, ponorogo):
    signed_agreement(ponorogo, kind="PKS", parent=nk)
    evaluated(nk, 2026, 1)
    assert flags(nk, D(2027, 3, 1)) == (False, False, False)


def test_flags_on_a_list_cost_one_query(ponorogo):
    for n in range(12):
        signed_agreement(ponorogo, title=f"NK {n}", start=SIGNED_ON, signed_on=SIGNED_ON)
    with CaptureQueriesContext(connection) as queries:
        rows = list(with_follow_up_flags(Agreement.objects.all(), D(2027, 1, 1)))
    assert len(queries) == 1
    assert len(rows) == 12 and all(row.no_follow_up for row in rows)


def _active(agreement, year, semester, user) -> None:
    """An evaluated period with an activity recorded before it was submitted."""
    evaluation = open_evaluation(agreement, year, semester)
    add_activity(evaluation, user, day=D(year, 3 if semester == 1 else 9, 10), evidence=False)
    Evaluation.objects.filter(pk=evaluation.pk).update(state=Evaluation.State.SUBMITTED)


def test_set_based_predicate_selects_exactly_the_flagged_rows(ponorogo, sleman, operator, outsider):
    """`no_follow_up_q` (filters and counts at national scale) and the per-row flags (pages)
    are one definition: over a mix of idle and followed-up agreements, and many dates, they
    select the same rows, for the whole country and for one office."""
    from evaluations.selectors import no_follow_up_q

    idle_nk = signed_agreement(ponorogo, start=D(2025, 1, 10), signed_on=D(2025, 1, 10))
    nk_with_pks = signed_agreement(ponorogo, start=D(2025, 1, 10), signed_on=D(2025, 1, 10))
    signed_agreement(ponorogo, kind="PKS", parent=nk_with_pks, start=D(2025, 3, 1))
    active_pks = signed_agreement(sleman, kind="PKS", start=D(2025, 1, 1))
    _active(active_pks, 2025, 1, outsider)
    silent_pks = signed_agreement(sleman, kind="PKS", start=D(2025, 1, 1))
    evaluated(silent_pks, 2025, 1)
    evaluated(silent_pks, 2025, 2)
    lapsed = signed_agreement(ponorogo, kind="PKS", start=D(2025, 1, 1))
    _active(lapsed, 2025, 1, operator)
    evaluated(lapsed, 2025, 2)  # the last evaluated period has no activity
    for today in (D(2025, 6, 1), D(2025, 8, 1), D(2026, 1, 15), D(2027, 1, 1)):
        flagged = set(
            with_follow_up_flags(Agreement.objects.all(), today)
            .filter(no_follow_up=True)
            .values_list("pk", flat=True)
        )
        assert (
            set(Agreement.objects.filter(no_follow_up_q(today)).values_list("pk", flat=True))
            == flagged
        )
        in_ponorogo = set(
            Agreement.objects.filter(no_follow_up_q(today, [ponorogo.pk])).values_list(
                "pk", flat=True
            )
        )
        assert in_ponorogo == {pk for pk in flagged if pk in {idle_nk.pk, lapsed.pk}}
    assert flagged == {idle_nk.pk, silent_pks.pk, lapsed.pk}
