"""Partners of the national data set: most registered by the regencies, named after the
registering office's region in the categories of partners.Partner.Category, with the
normalised name the model stores, unique across the registry."""

import datetime
import random

from offices.models import Office
from partners.models import Partner
from partners.names import normalize_name
from partners.titles import full_title

from .national_agreements import DAY, REFERENCE, PartnerRef, stamp
from .national_copy import copy_rows
from .national_vocab import CATEGORY_WEIGHTS, NATIONAL_PARTNERS, PARTNER_TEMPLATES, fill, person

LEVEL_SHARES = {"NATIONAL": 0.03, "PROVINCE": 0.17, "REGENCY": 0.80}
FIRST_REGISTRATION = datetime.date(2019, 1, 2)
STREETS = ("Merdeka", "Sudirman", "Diponegoro", "Ahmad Yani", "Gajah Mada", "Pahlawan")


def office_weights(offices: list[Office], rng: random.Random) -> dict[int, float]:
    """How busy each office is (0.4–1.6); Kabupaten Ponorogo, a bench persona's office, is
    exactly average so its share is predictable (about 165 agreements in 100,000)."""
    weights = {office.pk: rng.uniform(0.4, 1.6) for office in offices}
    for office in offices:
        if office.code == "35.02":
            weights[office.pk] = 1.0
    return weights


def spread(members: list[Office], weights: dict[int, float], total: int) -> dict[int, int]:
    """`total` split over `members` in proportion to their weights (largest remainder)."""
    if not members:
        return {}
    weight_sum = sum(weights[office.pk] for office in members)
    exact = {office.pk: total * weights[office.pk] / weight_sum for office in members}
    result = {pk: int(value) for pk, value in exact.items()}
    left = total - sum(result.values())
    for pk in sorted(exact, key=lambda pk: (result[pk] - exact[pk], pk))[:left]:
        result[pk] += 1
    return result


def make_partners(
    rng: random.Random, offices: list[Office], weights: dict[int, float], total: int
) -> dict[int, list[PartnerRef]]:
    """Write `total` partners; returns them by registering office."""
    maker = PartnerMaker(rng, offices)
    per_office: dict[int, int] = {}
    for level, share in LEVEL_SHARES.items():
        members = [office for office in offices if office.level == level]
        per_office |= spread(members, weights, round(total * share))
    for office in offices:
        for _ in range(per_office.get(office.pk, 0)):
            maker.add(office)
    copy_rows(Partner, maker.rows)
    return maker.pools


class PartnerMaker:
    def __init__(self, rng: random.Random, offices: list[Office]):
        self.rng = rng
        self.by_id = {office.pk: office for office in offices}
        self.provinces = [o for o in offices if o.level == Office.Level.PROVINCE]
        self.regencies = [o for o in offices if o.level == Office.Level.REGENCY]
        self.children: dict[int, list[Office]] = {}
        for office in self.regencies:
            self.children.setdefault(office.parent_id, []).append(office)
        self.national_left = {key: list(rows) for key, rows in NATIONAL_PARTNERS.items()}
        self.seen: set[str] = set()
        self.rows: list[dict] = []
        self.pools: dict[int, list[PartnerRef]] = {}
        self.next_id = _first_id()

    def add(self, office: Office) -> None:
        rng = self.rng
        weights = CATEGORY_WEIGHTS[office.level]
        category = rng.choices(list(weights), list(weights.values()))[0]
        where = self._where(office)
        name, short, leader = self._name(category, office, where)
        # Stored as written on documents: "Rektor Universitas …", not "Rektor".
        ref = PartnerRef(self.next_id, name, short[:60], category, full_title(leader, name))
        self.next_id += 1
        self.pools.setdefault(office.pk, []).append(ref)
        self.rows.append(self._row(ref, office, where))

    def _where(self, office: Office) -> Office:
        """The office whose region the partner sits in: the registering one, or often a
        regency below a province, or anywhere for KPU RI."""
        rng = self.rng
        if office.level == Office.Level.PROVINCE and rng.random() < 0.5:
            return rng.choice(self.children.get(office.pk) or [office])
        if office.level == Office.Level.NATIONAL:
            return rng.choice(self.regencies if rng.random() < 0.7 else self.provinces)
        return office

    def _name(self, category: str, office: Office, where: Office) -> tuple[str, str, str]:
        national = self.national_left.get(category) if office.level == "NATIONAL" else None
        if national:
            name, short, leader = national.pop(0).split("|")
            self.seen.add(normalize_name(name))
            return name, short, leader
        for _ in range(12):
            template = self.rng.choice(PARTNER_TEMPLATES[category])
            name_template, short_template, leader = template.split("|")
            name, values = fill(name_template, self.rng, self._places(where))
            if normalize_name(name) not in self.seen:
                break
        else:
            name = f"{name} Unit {len(self.rows) + 1}"
        self.seen.add(normalize_name(name))
        return name, short_template.format(**values), leader

    def _places(self, where: Office) -> dict[str, str]:
        if where.level == Office.Level.REGENCY:
            region = where.region_name
            place = region.removeprefix("Kabupaten ").removeprefix("Kota ")
            province = self.by_id[where.parent_id].region_name
            return {"region": region, "place": place, "province": province}
        region = f"Provinsi {where.region_name}"
        return {"region": region, "place": where.city, "province": where.region_name}

    def _row(self, ref: PartnerRef, office: Office, where: Office) -> dict:
        rng = self.rng
        regency = where if where.level == Office.Level.REGENCY else None
        province = self.by_id[regency.parent_id] if regency else where
        street = rng.choice(STREETS)
        affiliated = rng.random() < 0.005
        registered = FIRST_REGISTRATION + DAY * rng.randint(
            0, (REFERENCE - FIRST_REGISTRATION).days
        )
        return {
            "id": ref.id,
            "name": ref.name,
            "normalized_name": normalize_name(ref.name),
            "short_name": ref.short_name,
            "category": ref.category,
            "address": f"Jl. {street} No. {rng.randint(1, 200)}, {where.city}",
            "province_id": province.pk if province.level == Office.Level.PROVINCE else None,
            "regency_id": regency.pk if regency else None,
            "leader_title": ref.leader_title,
            "leader_name": person(rng),
            "registered_by_id": office.pk,
            "is_affiliated": affiliated,
            "affiliation_explanation": "Pengurus inti merangkap pengurus partai politik."
            if affiliated
            else "",
            "created_at": stamp(registered, rng),
            "updated_at": stamp(registered, rng),
        }


def _first_id() -> int:
    from django.db.models import Max

    return (Partner.objects.aggregate(last=Max("id"))["last"] or 0) + 1
