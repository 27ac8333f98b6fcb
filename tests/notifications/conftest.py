"""Reminder fixtures: the people who may (or must not) hear of a reminder, and an office in
another time zone. The data they are reminded of is in tests/notifications/timeline.py."""

import pytest

from offices.models import Membership, Office
from tests.factories import member

Role = Membership.Role


@pytest.fixture
def ponorogo_reviewer(offices):
    """A reviewer of the owning office itself: no reminder rule addresses them."""
    return member("verifikator.ponorogo", "35.02", Role.REVIEWER)


@pytest.fixture
def jayapura(offices) -> Office:
    """KPU Kabupaten Jayapura, Papua: WIT (Asia/Jayapura), two hours ahead of WIB."""
    return Office.objects.get(code="91.03")


@pytest.fixture
def jayapura_operator(offices):
    return member("operator.jayapura", "91.03", Role.OPERATOR)


@pytest.fixture
def people(operator, commissioner, reviewer, jatim_commissioner, ponorogo_reviewer, ri_reviewer):
    """Everyone who may (or must not) hear of a Ponorogo reminder."""
    return {
        "operator": operator,
        "commissioner": commissioner,
        "reviewer": reviewer,
        "jatim_commissioner": jatim_commissioner,
        "ponorogo_reviewer": ponorogo_reviewer,
        "ri_reviewer": ri_reviewer,
    }
