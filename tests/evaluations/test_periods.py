"""Due periods at the edges: terms starting or ending mid-semester, extended by a signed
addendum, terminated, yearly; opened by each office's local date."""

import datetime

import pytest

from agreements.models import Agreement
from evaluations.models import Evaluation
from evaluations.selectors import due_periods, last_ended_semester, periods_overlapping
from evaluations.services import evaluations_open_due
from offices.models import Office
from tests.factories import signed_agreement

pytestmark = pytest.mark.django_db
D = datetime.date
UTC = datetime.UTC
SEMESTER, YEAR = Agreement.Frequency.SEMESTER, Agreement.Frequency.YEAR


def keys(periods) -> list[tuple[int, int]]:
    return [(p.year, p.semester) for p in periods]


def opened(agreement) -> list[tuple[int, int]]:
    rows = Evaluation.objects.filter(agreement=agreement).order_by("period_start")
    return list(rows.values_list("year", "semester"))


def at(day: datetime.date, hour: int = 5) -> datetime.datetime:
    """Noon-ish of `day` in every Indonesian zone (05:00 UTC is 12:00 WIB, 14:00 WIT)."""
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def test_semester_periods_of_a_term_starting_and_ending_mid_semester():
    periods = periods_overlapping(D(2026, 3, 15), D(2027, 3, 14), SEMESTER)
    assert keys(periods) == [(2026, 1), (2026, 2), (2027, 1)]
    assert (periods[0].start, periods[0].end) == (D(2026, 1, 1), D(2026, 6, 30))
    assert (periods[1].start, periods[1].end) == (D(2026, 7, 1), D(2026, 12, 31))


def test_a_period_opens_the_day_after_it_ends():
    args = {"start": D(2026, 3, 15), "end": D(2027, 3, 14), "frequency": SEMESTER}
    assert due_periods(**args, today=D(2026, 6, 30)) == []
    assert keys(due_periods(**args, today=D(2026, 7, 1))) == [(2026, 1)]


def test_a_term_ending_mid_semester_is_evaluated_once_it_is_over():
    args = {"start": D(2026, 3, 15), "end": D(2027, 3, 14), "frequency": SEMESTER}
    assert keys(due_periods(**args, today=D(2027, 3, 14))) == [(2026, 1), (2026, 2)]
    assert keys(due_periods(**args, today=D(2027, 3, 15))) == [(2026, 1), (2026, 2), (2027, 1)]
    # Nothing after the term, however late.
    assert keys(due_periods(**args, today=D(2030, 1, 1)))[-1] == (2027, 1)


def test_a_term_starting_on_the_last_day_of_a_semester_gets_that_semester():
    args = {"start": D(2026, 6, 30), "end": D(2026, 12, 31), "frequency": SEMESTER}
    assert keys(due_periods(**args, today=D(2027, 1, 1))) == [(2026, 1), (2026, 2)]


def test_a_term_that_has_not_started_has_no_period():
    assert (
        due_periods(start=D(2027, 1, 1), end=None, frequency=SEMESTER, today=D(2026, 12, 1)) == []
    )


def test_last_ended_semester():
    assert keys([last_ended_semester(D(2026, 11, 29))]) == [(2026, 1)]
    assert keys([last_ended_semester(D(2026, 6, 30))]) == [(2025, 2)]
    assert keys([last_ended_semester(D(2026, 7, 1))]) == [(2026, 1)]


def test_open_due_with_due_date_at_period_end_plus_grace(ponorogo):
    agreement = signed_agreement(ponorogo, start=D(2026, 3, 15), end=D(2027, 3, 14))
    assert evaluations_open_due(now=at(D(2026, 7, 1))) == 1
    evaluation = Evaluation.objects.get(agreement=agreement)
    assert (evaluation.year, evaluation.semester) == (2026, 1)
    assert evaluation.due_date == D(2026, 7, 30)  # 30 June + 30 days
    assert evaluation.state == Evaluation.State.DRAFT
    assert evaluation.instrument.is_current


def test_extension_addendum_adds_periods(ponorogo):
    nk = signed_agreement(ponorogo, start=D(2026, 1, 5), end=D(2026, 5, 31))
    evaluations_open_due(now=at(D(2027, 2, 1)))
    assert opened(nk) == [(2026, 1)]
    signed_agreement(
        ponorogo,
        kind="ADDENDUM",
        parent=nk,
        extends_term=True,
        start=D(2026, 1, 5),
        end=D(2026, 12, 31),
    )
    evaluations_open_due(now=at(D(2027, 2, 1)))
    assert opened(nk) == [(2026, 1), (2026, 2)]


def test_unsigned_extension_addendum_adds_nothing(ponorogo):
    nk = signed_agreement(ponorogo, start=D(2026, 1, 5), end=D(2026, 5, 31))
    signed_agreement(
        ponorogo,
        kind="ADDENDUM",
        parent=nk,
        extends_term=True,
        end=D(2027, 12, 31),
        state=Agreement.State.CLEARED,
    )
    evaluations_open_due(now=at(D(2027, 2, 1)))
    assert opened(nk) == [(2026, 1)]


def test_addenda_and_drafts_are_not_evaluated_themselves(ponorogo):
    nk = signed_agreement(ponorogo)
    signed_agreement(ponorogo, kind="ADDENDUM", parent=nk, extends_term=False)
    signed_agreement(ponorogo, kind="PKS", state=Agreement.State.DRAFT)
    evaluations_open_due(now=at(D(2026, 7, 1)))
    assert list(Evaluation.objects.values_list("agreement_id", flat=True)) == [nk.pk]


def test_terminated_agreement_stops_at_its_termination(ponorogo):
    agreement = signed_agreement(
        ponorogo,
        start=D(2026, 1, 5),
        end=D(2030, 1, 4),
        state=Agreement.State.TERMINATED,
        terminated_on=D(2026, 8, 10),
    )
    evaluations_open_due(now=at(D(2026, 8, 10)))
    assert opened(agreement) == [(2026, 1)]
    evaluations_open_due(now=at(D(2026, 8, 11)))
    assert opened(agreement) == [(2026, 1), (2026, 2)]
    evaluations_open_due(now=at(D(2028, 1, 1)))
    assert opened(agreement) == [(2026, 1), (2026, 2)]


def test_yearly_frequency(ponorogo):
    agreement = signed_agreement(
        ponorogo, start=D(2025, 9, 11), end=D(2030, 9, 10), evaluation_frequency=YEAR
    )
    evaluations_open_due(now=at(D(2026, 12, 31)))
    assert opened(agreement) == [(2025, 0)]
    evaluations_open_due(now=at(D(2027, 1, 1)))
    assert opened(agreement) == [(2025, 0), (2026, 0)]
    first = Evaluation.objects.get(agreement=agreement, year=2025)
    assert (first.period_start, first.period_end) == (D(2025, 1, 1), D(2025, 12, 31))
    assert first.period_label == "Tahun 2025"


def test_each_office_opens_by_its_own_local_date(ponorogo):
    papua = Office.objects.filter(timezone="Asia/Jayapura", level="REGENCY").first()
    west = signed_agreement(ponorogo, start=D(2026, 1, 5))
    east = signed_agreement(papua, start=D(2026, 1, 5))
    # 30 June 16:00 UTC: 23:00 WIB in Ponorogo, already 1 July 01:00 WIT in Papua.
    evaluations_open_due(now=datetime.datetime(2026, 6, 30, 16, tzinfo=UTC))
    assert opened(east) == [(2026, 1)]
    assert opened(west) == []
    evaluations_open_due(now=datetime.datetime(2026, 6, 30, 17, 5, tzinfo=UTC))
    assert opened(west) == [(2026, 1)]
