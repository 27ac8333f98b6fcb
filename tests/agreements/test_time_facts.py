"""The stored `effective_end` and `has_successor` equal the recomputed ones after every
lifecycle service, over random sequences of them (property-style, seeded)."""

import datetime
import random
from dataclasses import dataclass

import pytest

from agreements import addenda, registration, services
from agreements.models import Agreement
from agreements.selectors import time_status_q, with_time_status
from agreements.tasks import verify_agreement_time_facts
from agreements.timefacts import repair_time_facts, time_facts_drift
from tests.files import pdf_upload

pytestmark = pytest.mark.django_db
Kind = Agreement.Kind
BASE = datetime.date(2024, 1, 1)


@dataclass
class Expected:
    """What the test itself believes about one agreement, kept beside the services."""

    end: datetime.date
    extensions: list
    terminated_on: datetime.date | None = None
    renewed: bool = False

    @property
    def effective_end(self) -> datetime.date:
        if self.terminated_on:
            return self.terminated_on
        return max(self.extensions, default=self.end)


class Lifecycle:
    """Drives random lifecycle services on KPU Kabupaten Ponorogo's agreements."""

    def __init__(self, rng: random.Random, operator, office, partner):
        self.rng, self.operator, self.office, self.partner = rng, operator, office, partner
        self.expected: dict[int, Expected] = {}
        self.count = 0

    def _register(self, kind: str, **fields) -> Agreement:
        self.count += 1
        start = fields.pop("start_date", BASE + datetime.timedelta(days=self.rng.randint(0, 700)))
        end = fields.pop("end_date", start + datetime.timedelta(days=self.rng.randint(200, 1800)))
        return registration.agreement_register(
            user=self.operator,
            office=self.office,
            kind=kind,
            title=f"Kerja sama acak {self.count}",
            kpu_number=f"{self.count}/HK.05.1-Kpt/3502/2025",
            signed_on=start,
            signed_place="Ponorogo",
            partners=[{"partner": self.partner, "signatory_name": "Rektor", "signatory_title": ""}],
            partner_number=f"{self.count}/MITRA",
            scan=pdf_upload(),
            divisi=Agreement.Divisi.PARTICIPATION,
            start_date=start,
            end_date=end,
            **fields,
        )

    def _signed(self) -> list[Agreement]:
        ids = [pk for pk, exp in self.expected.items() if exp.terminated_on is None]
        return list(Agreement.objects.filter(pk__in=ids, state=Agreement.State.SIGNED))

    def register(self) -> None:
        agreement = self._register(self.rng.choice([Kind.NK, Kind.PKS]))
        self.expected[agreement.pk] = Expected(end=agreement.end_date, extensions=[])

    def addendum(self) -> None:
        parents = self._signed()
        if not parents:
            return self.register()
        parent = self.rng.choice(parents)
        extends = self.rng.random() < 0.7
        new_end = parent.end_date + datetime.timedelta(days=self.rng.randint(-100, 900))
        new_end = max(new_end, parent.start_date)
        if self.rng.random() < 0.3:  # a draft addendum changes nothing until it is signed
            addenda.addendum_create(
                user=self.operator,
                parent=parent,
                title="Draf adendum",
                extends_term=extends,
                end_date=new_end,
            )
            return None
        self._register(
            Kind.ADDENDUM,
            parent=parent,
            extends_term=extends,
            start_date=parent.start_date,
            end_date=new_end,
        )
        if extends:
            self.expected[parent.pk].extensions.append(new_end)
        return None

    def terminate(self) -> None:
        candidates = self._signed()
        if not candidates:
            return self.register()
        agreement = self.rng.choice(candidates)
        day = agreement.start_date + datetime.timedelta(days=self.rng.randint(0, 300))
        services.agreement_terminate(
            user=self.operator, agreement=agreement, terminated_on=day, reason="Tidak berjalan"
        )
        self.expected[agreement.pk].terminated_on = day
        return None

    def renew(self) -> None:
        candidates = self._signed()
        if not candidates:
            return self.register()
        old = self.rng.choice(candidates)
        successor = self._register(old.kind, renews=old)
        self.expected[old.pk].renewed = True
        self.expected[successor.pk] = Expected(end=successor.end_date, extensions=[])
        return None

    def step(self) -> str:
        name = self.rng.choice(["register", "addendum", "addendum", "terminate", "renew"])
        getattr(self, name)()
        return name


def _assert_consistent(expected: dict[int, Expected], trail: list[str]) -> None:
    assert not time_facts_drift().exists(), trail
    rows = Agreement.objects.in_bulk(list(expected))
    for pk, exp in expected.items():
        assert rows[pk].effective_end == exp.effective_end, (pk, trail)
        assert rows[pk].has_successor == exp.renewed, (pk, trail)


@pytest.mark.parametrize("seed", range(6))
def test_stored_facts_match_recomputed_after_random_lifecycles(seed, operator, ponorogo, umpo):
    life = Lifecycle(random.Random(seed), operator, ponorogo, umpo)
    trail: list[str] = []
    for _step in range(14):
        trail.append(life.step())
        _assert_consistent(life.expected, trail)


@pytest.mark.parametrize("seed", range(3))
def test_time_status_filter_agrees_with_the_annotation(seed, operator, ponorogo, umpo):
    """Each status filter (an indexed predicate) selects exactly the rows annotated so."""
    rng = random.Random(seed)
    life = Lifecycle(rng, operator, ponorogo, umpo)
    for _step in range(12):
        life.step()
    for _day in range(8):
        today = BASE + datetime.timedelta(days=rng.randint(0, 3000))
        annotated = dict(
            with_time_status(Agreement.objects.all(), today).values_list("pk", "time_status")
        )
        for status in Agreement.TimeStatus:
            filtered = set(
                Agreement.objects.filter(time_status_q(status, today)).values_list("pk", flat=True)
            )
            assert filtered == {pk for pk, value in annotated.items() if value == status}


def test_drift_is_reported_and_repaired(operator, ponorogo, umpo):
    life = Lifecycle(random.Random(7), operator, ponorogo, umpo)
    life.register()
    pk = next(iter(life.expected))
    Agreement.objects.filter(pk=pk).update(effective_end=None, has_successor=True)
    assert list(time_facts_drift().values_list("pk", flat=True)) == [pk]
    assert verify_agreement_time_facts() == 1
    assert repair_time_facts() == []
    _assert_consistent(life.expected, ["repaired"])
