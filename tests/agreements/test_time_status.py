import datetime

import pytest

from agreements import addenda, services
from agreements.models import Agreement
from agreements.selectors import time_status_of, with_time_status
from tests.workflows import decide_all, sign

pytestmark = pytest.mark.django_db
END = datetime.date(2030, 9, 10)


@pytest.fixture
def signed_nk(nk_draft, operator, reviewer, ri_reviewer):
    services.agreement_submit(user=operator, agreement=nk_draft)
    return sign(decide_all(nk_draft, reviewer, ri_reviewer), operator)


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (datetime.date(2025, 9, 10), "UPCOMING"),
        (datetime.date(2025, 9, 11), "ACTIVE"),
        (END - datetime.timedelta(days=91), "ACTIVE"),
        (END - datetime.timedelta(days=90), "EXPIRING"),
        (END, "EXPIRING"),
        (END + datetime.timedelta(days=1), "EXPIRED"),
    ],
)
def test_time_status_boundaries(signed_nk, today, status):
    assert time_status_of(signed_nk, today=today) == status


def test_draft_has_no_time_status(nk_draft):
    assert time_status_of(nk_draft, today=datetime.date(2026, 1, 1)) == ""


def test_extension_addendum_moves_effective_end(signed_nk, operator, reviewer, ri_reviewer):
    new_end = datetime.date(2032, 9, 10)
    addendum = addenda.addendum_create(
        user=operator, parent=signed_nk, title="Perpanjangan", extends_term=True, end_date=new_end
    )
    today = END + datetime.timedelta(days=1)
    assert time_status_of(signed_nk, today=today) == "EXPIRED"  # the addendum is only a draft
    services.agreement_submit(user=operator, agreement=addendum)
    sign(decide_all(addendum, reviewer, ri_reviewer), operator, on=datetime.date(2025, 10, 1))
    row = with_time_status(Agreement.objects.filter(pk=signed_nk.pk), today).get()
    assert row.effective_end == new_end
    assert row.time_status == "ACTIVE"


def test_signed_successor_makes_it_renewed(signed_nk, make_draft, operator, reviewer, ri_reviewer):
    successor = make_draft(
        "NK", renews=signed_nk, start_date=END, end_date=datetime.date(2035, 9, 9)
    )
    services.agreement_submit(user=operator, agreement=successor)
    sign(decide_all(successor, reviewer, ri_reviewer), operator, on=datetime.date(2025, 9, 12))
    assert time_status_of(signed_nk, today=END - datetime.timedelta(days=30)) == "RENEWED"
    assert time_status_of(signed_nk, today=END + datetime.timedelta(days=30)) == "RENEWED"
    assert time_status_of(signed_nk, today=datetime.date(2027, 1, 1)) == "ACTIVE"
