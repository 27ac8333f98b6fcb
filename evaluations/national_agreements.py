"""Agreements of the national data set (`manage.py generate_national`): per office, families
of an NK with the PKS that implement it, addenda that extend a term, renewals and standalone
PKS, each in a lifecycle state with dates that fit it, and KPU numbers issued in signing
order."""

import datetime
import random
from dataclasses import dataclass, field
from types import SimpleNamespace

from offices.models import Office

from .national_vocab import DIVISI_BY_SCOPE, SCOPE_WEIGHTS, person, title_for

# The day the data set describes; nothing depends on the day it is generated.
REFERENCE = datetime.date(2026, 11, 30)
FIRST_DAY = datetime.date(2019, 1, 2)
DAY = datetime.timedelta(days=1)
SIGNED = ("SIGNED", "TERMINATED")
# Each office draws its states from a shuffled deck of 20, so every office with 20 or more
# agreements holds every state; with the PKS and addenda of signed NKs, 65% are signed.
DECK = (
    ["SIGNED"] * 11
    + ["DRAFT", "SUBMITTED"] * 2
    + ["TERMINATED", "CLEARED", "CANCELLED", "RETURNED", "SUBMITTED"]
)
SIGNING_YEARS = {2019: 17, 2020: 14, 2021: 13, 2022: 14, 2023: 13, 2024: 13, 2025: 9, 2026: 7}
TERM_YEARS = {"NK": ((5, 3, 2), (80, 15, 5)), "PKS": ((1, 2, 3), (15, 35, 50))}
KIND_LABELS = {"NK": "Nota Kesepahaman", "PKS": "Perjanjian Kerja Sama", "OTHER": "Perjanjian"}
ROMAN = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
RETURN_NOTES = [
    "Lengkapi pasal sanksi dan mekanisme penyelesaian perselisihan.",
    "Dasar hukum belum memuat PKPU terbaru.",
    "Hak dan kewajiban para pihak belum rinci.",
]


@dataclass(frozen=True, slots=True)
class PartnerRef:
    """What an agreement needs of a generated partner."""

    id: int
    name: str
    short_name: str
    category: str
    leader_title: str


@dataclass(eq=False, slots=True)
class Plan:
    """One agreement to be written, with what its review rows and evaluations need."""

    id: int
    office: Office
    kind: str
    state: str
    title: str
    scope: list[str]
    partners: list[PartnerRef]
    start: datetime.date | None
    end: datetime.date | None
    created: datetime.datetime
    signed_on: datetime.date | None = None
    parent: "Plan | None" = None
    renews: "Plan | None" = None
    extends_term: bool = False
    terminated_on: datetime.date | None = None
    registered: bool = False
    frequency: str = "SEMESTER"
    kpu_number: str = ""
    partner_number: str = ""
    signatories: list[str] = field(default_factory=list)
    kpu_signatory: str = ""
    rounds: int = 0
    extended_to: datetime.date | None = None
    has_successor: bool = False

    @property
    def signatory_title(self) -> str:
        """The Ketua signs an NK, the Sekretaris the rest (agreement_create's default)."""
        return "KETUA" if self.kind == "NK" else "SEKRETARIS"

    @property
    def effective_end(self) -> datetime.date | None:
        """As agreements.timefacts computes it (used to open the evaluations)."""
        if self.state == "TERMINATED":
            return self.terminated_on
        return self.extended_to or self.end


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The day before the same date `years` later: the last day of a term of `years`."""
    try:
        return day.replace(year=day.year + years) - DAY
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def stamp(day: datetime.date, rng: random.Random) -> datetime.datetime:
    """A time during office hours (WIB) on `day`, in UTC."""
    return datetime.datetime.combine(
        day,
        datetime.time(rng.randint(1, 9), rng.randint(0, 59), rng.randint(0, 59)),
        tzinfo=datetime.UTC,
    )


class AgreementMaker:
    """Builds the plans of every office from one random generator (deterministic for a seed)."""

    def __init__(self, rng: random.Random, pools: dict, national: Office, first_id: int = 1):
        self.rng, self.pools, self.national = rng, pools, national
        self.next_id = first_id
        self.all_partners = [p for pool in pools.values() for p in pool]

    def office_plans(self, office: Office, quota: int) -> list[Plan]:
        deck: list[str] = []
        plans: list[Plan] = []
        while len(plans) < quota:
            plans += self._family(office, deck)[: quota - len(plans)]
        for plan in plans:  # what the kept plans do to the time facts of those they change
            if plan.kind == "ADDENDUM" and plan.state == "SIGNED" and plan.extends_term:
                target = plan.parent
                target.extended_to = max(target.extended_to or plan.end, plan.end)
            if plan.renews is not None and plan.state in SIGNED:
                plan.renews.has_successor = True
        return plans

    def _draw(self, deck: list[str], office: Office) -> str:
        if not deck:
            deck += DECK
            self.rng.shuffle(deck)
        state = deck.pop()
        if office.level == Office.Level.NATIONAL:  # KPU RI has no office above it
            state = {"SUBMITTED": "CLEARED", "RETURNED": "DRAFT"}.get(state, state)
        return state

    def _family(self, office: Office, deck: list[str]) -> list[Plan]:
        roll = self.rng.random()
        kind = "NK" if roll < 0.42 else "PKS" if roll < 0.95 else "OTHER"
        root = self._root(office, kind, self._draw(deck, office))
        family = [root]
        if kind == "NK" and root.state in SIGNED:
            for _ in range(self.rng.choices((0, 1, 2, 3), (30, 35, 22, 13))[0]):
                family += self._child(root, self._draw(deck, office))
        for plan in list(family):
            if plan.state == "SIGNED" and self.rng.random() < 0.2:
                family += self._addendum(plan, self._draw(deck, office))
        if root.state == "SIGNED" and kind != "OTHER" and self.rng.random() < 0.35:
            family += self._renewal(root, self._draw(deck, office))
        return family

    # --- one agreement -------------------------------------------------------------------

    def _new(self, office: Office, kind: str, state: str, **fields) -> Plan:
        plan = Plan(id=self.next_id, office=office, kind=kind, state=state, **fields)
        self.next_id += 1
        if plan.state in SIGNED:
            self._sign(plan)
        plan.signatories = [person(self.rng) for _ in plan.partners]
        plan.kpu_signatory = person(self.rng)
        return plan

    def _root(self, office: Office, kind: str, state: str) -> Plan:
        rng = self.rng
        partners = self._partners(office)
        scope = self._scope(partners[0].category)
        years = rng.choices(*TERM_YEARS.get(kind, ((1, 2), (70, 30))))[0]
        if state in SIGNED:
            start = self._signing_day() + DAY * rng.randint(0, 14)
            created = stamp(start - DAY * rng.randint(20, 120), rng)
        else:
            created = stamp(REFERENCE - DAY * rng.randint(3, 150), rng)
            start = REFERENCE + DAY * rng.randint(-30, 240)
        plan = self._new(
            office,
            kind,
            state,
            title=title_for(rng, scope[0], kind, self._title_values(office, partners[0])),
            scope=scope,
            partners=partners,
            start=start,
            end=add_years(start, years),
            created=created,
            frequency="YEAR" if rng.random() < 0.05 else "SEMESTER",
        )
        if plan.state == "TERMINATED":
            self._terminate(plan)
        return plan

    def _child(self, nk: Plan, state: str) -> list[Plan]:
        """A PKS implementing a signed NK, within the NK's term."""
        rng = self.rng
        live_until = min(nk.terminated_on or nk.end, REFERENCE - DAY)
        if state in SIGNED:
            signed = _between(rng, nk.start + DAY * 7, live_until)
            if signed is None:
                return []
            start, created = signed, stamp(signed - DAY * rng.randint(14, 60), rng)
        elif nk.end > REFERENCE and nk.state == "SIGNED":
            start = min(REFERENCE + DAY * rng.randint(0, 120), nk.end)
            created = stamp(REFERENCE - DAY * rng.randint(3, 100), rng)
        else:
            return []
        scope = [rng.choice(nk.scope)]
        years = rng.choices(*TERM_YEARS["PKS"])[0]
        plan = self._new(
            nk.office,
            "PKS",
            state,
            title=title_for(rng, scope[0], "PKS", self._title_values(nk.office, nk.partners[0])),
            scope=scope,
            partners=nk.partners[:1],
            start=start,
            end=min(add_years(start, years), nk.end),
            created=created,
            parent=nk,
            frequency=nk.frequency,
        )
        if plan.state == "TERMINATED":
            self._terminate(plan)
        return [plan]

    def _addendum(self, target: Plan, state: str) -> list[Plan]:
        """An addendum of a signed agreement; most extend its term by one or two years."""
        rng = self.rng
        extends = rng.random() < 0.75
        state = "SIGNED" if state == "TERMINATED" else state
        if state == "SIGNED":
            low = max(target.signed_on + DAY * 90, target.end - DAY * 240)
            start = _between(rng, low, min(target.end, REFERENCE - DAY))
            if start is None:
                return []
            created = stamp(start - DAY * rng.randint(14, 45), rng)
        elif target.end > REFERENCE:
            start = REFERENCE + DAY * rng.randint(0, 60)
            created = stamp(REFERENCE - DAY * rng.randint(3, 60), rng)
        else:
            return []
        end = add_years(max(target.end, start) + DAY, rng.choice((1, 2))) if extends else target.end
        plan = self._new(
            target.office,
            "ADDENDUM",
            state,
            title=f"Adendum Pertama atas {KIND_LABELS[target.kind]} tentang {target.title}",
            scope=target.scope,
            partners=target.partners,
            start=start,
            end=max(end, start),
            created=created,
            parent=target,
            extends_term=extends,
        )
        return [plan]

    def _renewal(self, old: Plan, state: str) -> list[Plan]:
        """A new agreement that replaces one ending around the reference date or before it."""
        rng = self.rng
        dates = self._renewal_dates(old, state)
        if dates is None:
            return []
        signed, start = dates
        created_day = (signed or REFERENCE) - DAY * rng.randint(14, 60)
        years = rng.choices(*TERM_YEARS[old.kind])[0]
        plan = self._new(
            old.office,
            old.kind,
            state,
            title=old.title,
            scope=old.scope,
            partners=old.partners,
            start=start,
            end=add_years(start, years),
            created=stamp(created_day, rng),
            renews=old,
            frequency=old.frequency,
        )
        if signed is not None:
            plan.signed_on = signed
        if plan.state == "TERMINATED":
            self._terminate(plan)
        return [plan]

    def _renewal_dates(self, old: Plan, state: str) -> tuple | None:
        """(signed on, start) of a renewal: signed around the old end and starting after it,
        or a draft for an agreement ending soon; None when none fits."""
        if old.end > REFERENCE + DAY * 120:
            return None
        if state in SIGNED:
            low = max(old.end - DAY * 90, old.signed_on + DAY)
            signed = _between(self.rng, low, min(old.end + DAY * 60, REFERENCE - DAY))
            return None if signed is None else (signed, max(signed, old.end + DAY))
        if old.end >= REFERENCE - DAY * 180:
            return None, max(old.end, REFERENCE) + DAY
        return None

    # --- pieces -------------------------------------------------------------------------

    def _sign(self, plan: Plan) -> None:
        rng = self.rng
        plan.signed_on = plan.start
        plan.registered = plan.kind != "ADDENDUM" and rng.random() < (
            0.45 if plan.start.year < 2023 else 0.06
        )
        if plan.registered:
            late = max(plan.start, datetime.date(2023, 6, 1)) + DAY * rng.randint(0, 400)
            plan.created = stamp(min(late, REFERENCE - DAY), rng)
        short = plan.partners[0].short_name.upper().replace(" ", "-")[:24]
        day = plan.signed_on
        plan.partner_number = (
            ""
            if rng.random() < 0.04
            else f"{rng.randint(1, 999):03d}/{short}/{ROMAN[day.month]}/{day.year}"
        )

    def _terminate(self, plan: Plan) -> None:
        ended = _between(self.rng, plan.start + DAY * 90, min(plan.end, REFERENCE - DAY))
        if ended is None:
            plan.state = "SIGNED"
        else:
            plan.terminated_on = ended

    def _signing_day(self) -> datetime.date:
        year = self.rng.choices(list(SIGNING_YEARS), list(SIGNING_YEARS.values()))[0]
        day = datetime.date(year, 1, 2) + DAY * self.rng.randint(0, 360)
        return min(day, REFERENCE - DAY * 20)

    def _partners(self, office: Office) -> list[PartnerRef]:
        rng = self.rng
        roll = rng.random()
        own, parent = self.pools.get(office.pk), self.pools.get(office.parent_id)
        pool = own if roll < 0.75 and own else parent if roll < 0.9 and parent else None
        pool = pool or self.pools.get(self.national.pk) or self.all_partners
        count = min(len(pool), rng.choices((1, 2, 3), (85, 12, 3))[0])
        return rng.sample(pool, count)

    def _scope(self, category: str) -> list[str]:
        weights = SCOPE_WEIGHTS[category]
        first = self.rng.choices(list(weights), list(weights.values()))[0]
        second = self.rng.choice(list(DIVISI_BY_SCOPE))
        return [first, second] if self.rng.random() < 0.3 and second != first else [first]

    @staticmethod
    def _title_values(office: Office, partner: PartnerRef) -> dict[str, str]:
        region = office.region_name if office.level != Office.Level.NATIONAL else "Indonesia"
        return {"region": region, "office": office.name, "partner": partner.short_name}


def _between(rng: random.Random, low: datetime.date, high: datetime.date) -> datetime.date | None:
    """A random day in [low, high], or None when the range is empty."""
    if low > high:
        return None
    return low + DAY * rng.randint(0, (high - low).days)


def issue_numbers(plans: list[Plan], format_number) -> list[dict]:
    """Give every signed plan its KPU number in signing order per office, kind and year (as
    signing would); returns the counter rows, whose `last` is the highest number issued."""
    groups: dict[tuple, list[Plan]] = {}
    for plan in plans:
        if plan.state in SIGNED:
            groups.setdefault((plan.office.pk, plan.kind, plan.signed_on.year), []).append(plan)
    counters = []
    for (office_id, kind, year), members in sorted(groups.items()):
        members.sort(key=lambda plan: (plan.signed_on, plan.id))
        for seq, plan in enumerate(members, start=1):
            stand_in = SimpleNamespace(
                kind=plan.kind, office=plan.office, kpu_signatory_title=plan.signatory_title
            )
            plan.kpu_number = format_number(seq=seq, agreement=stand_in, signed_on=plan.signed_on)
        counters.append({"office_id": office_id, "kind": kind, "year": year, "last": len(members)})
    return counters
