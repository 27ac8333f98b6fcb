"""The national data generator (`manage.py generate_national`) on a small set: deterministic,
consistent with what the services would have written (time facts, reviews, numbers)."""

import re
from collections import defaultdict

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction

from agreements.models import Agreement, NumberCounter
from agreements.services import review_route
from agreements.timefacts import time_facts_drift
from evaluations.models import Evaluation
from offices.demo import DEMO_PASSWORD
from offices.models import Membership
from partners.models import Partner
from partners.names import normalize_name
from reviews.models import Review

SIZE = {"agreements": 300, "partners": 200, "evaluations": 600}


def _generate(**options) -> None:
    call_command("generate_national", force=True, stdout=open("/dev/null", "w"), **SIZE, **options)  # noqa: SIM115


def _snapshot() -> list[tuple]:
    return list(Agreement.objects.order_by("pk").values_list("title", "kpu_number", "state"))


@pytest.fixture(scope="module")
def national(django_db_setup, django_db_blocker):
    """Generated twice with the same seed (the second time over --reset); rolled back after
    the module. Yields the two snapshots."""
    with django_db_blocker.unblock(), transaction.atomic():
        _generate(seed=7)
        first = _snapshot()
        _generate(seed=7, reset=True)
        yield first, _snapshot()
        transaction.set_rollback(True)


@pytest.fixture
def data(national, db):
    return national


def test_generate_national_same_seed_same_data(data):
    first, second = data
    assert len(first) == SIZE["agreements"]
    assert first == second
    assert sum(1 for _, number, _ in first if number) > SIZE["agreements"] // 2


def test_generate_national_writes_requested_counts(data):
    assert Agreement.objects.count() == SIZE["agreements"]
    assert Partner.objects.count() == SIZE["partners"]
    assert 0 < Evaluation.objects.count() <= SIZE["evaluations"]
    assert not Agreement.objects.filter(parties__isnull=True).exists()


def test_generate_national_leaves_no_time_fact_drift(data):
    assert not time_facts_drift().exists()
    assert Agreement.objects.filter(has_successor=True).exists()
    assert Agreement.objects.filter(kind="ADDENDUM", extends_term=True, state="SIGNED").exists()


def test_generate_national_submitted_agreements_wait_at_route_office(data):
    content_type = ContentType.objects.get_for_model(Agreement)
    submitted = Agreement.objects.filter(state="SUBMITTED").select_related("office", "parent")
    assert submitted
    for agreement in submitted:
        pending = Review.objects.get(
            content_type=content_type, object_id=agreement.pk, decision="PENDING"
        )
        assert pending.office == review_route(agreement)[pending.step - 1]
        assert pending.round == agreement.review_round


def test_generate_national_submitted_evaluations_wait_one_level_up(data):
    content_type = ContentType.objects.get_for_model(Evaluation)
    submitted = Evaluation.objects.filter(state="SUBMITTED").select_related("agreement__office")
    assert submitted
    for evaluation in submitted:
        pending = Review.objects.get(
            content_type=content_type, object_id=evaluation.pk, decision="PENDING"
        )
        assert pending.office_id == evaluation.agreement.office.parent_id


def test_generate_national_numbers_unique_and_counted(data):
    signed = Agreement.objects.filter(state__in=["SIGNED", "TERMINATED"])
    assert not signed.filter(kpu_number="").exists()
    assert not Agreement.objects.exclude(state__in=["SIGNED", "TERMINATED"]).exclude(kpu_number="")
    numbers = list(signed.values_list("office_id", "kind", "signed_on", "kpu_number"))
    assert len({(office, number) for office, _, _, number in numbers}) == len(numbers)
    issued = defaultdict(int)
    for office, kind, signed_on, number in numbers:
        assert re.fullmatch(r"\d+/HK\.05\.1-(NK|PKS|ADD|OTHER)/\w+/\d{4}", number)
        key = (office, kind, signed_on.year)
        issued[key] = max(issued[key], int(number.split("/")[0]))
    counters = {(c.office_id, c.kind, c.year): c.last for c in NumberCounter.objects.all()}
    assert all(counters.get(key, 0) >= last for key, last in issued.items())


def test_generate_national_partners_and_search_document(data):
    partner = Partner.objects.order_by("pk").first()
    assert partner.normalized_name == normalize_name(partner.name)
    agreement = Agreement.objects.filter(parties__isnull=False).order_by("pk").first()
    first_party = agreement.parties.select_related("partner").first()
    assert agreement.title in agreement.search_document
    assert first_party.partner.name in agreement.search_document
    assert Agreement.objects.filter(search_vector="pemilih").count() < SIZE["agreements"]


def test_generate_national_creates_bench_personas(data):
    admin = get_user_model().objects.get(username="admin.ri")
    assert admin.check_password(DEMO_PASSWORD)
    roles = set(Membership.objects.filter(user=admin).values_list("role", flat=True))
    assert roles == {"ADMIN", "REVIEWER"}
    assert Membership.objects.filter(
        user__username="operator.ponorogo", office__code="35.02", role="OPERATOR"
    ).exists()
