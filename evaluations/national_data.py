"""The national data set behind the benchmark (`manage.py generate_national`): 553 offices,
partners, agreements with their parties, reviews and numbers, evaluations with scores and
activities, deterministic for a seed and written with PostgreSQL COPY.

Stages: offices and bench personas, partners, agreements (national_agreements), evaluations
(national_monev), then one set-based UPDATE of the stored time facts, the sequences after
the explicit ids, and ANALYZE. Everything but ANALYZE runs in one transaction.
"""

import itertools
import random
import time
from collections.abc import Callable
from functools import partial

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import translation

from agreements.models import DEFAULT_NUMBER_PATTERN, Agreement, NumberCounter, Party, Scope
from agreements.numbering import format_number
from agreements.timefacts import (
    _computed_effective_end,
    _computed_has_successor,
    time_facts_drift,
)
from offices.demo import DEMO_PASSWORD, DEMO_USERS, office_by_code
from offices.models import Membership, Office
from partners.models import Partner
from reviews.models import Review

from .instruments import current_instrument
from .models import Activity, Evaluation, Score
from .national_agreements import REFERENCE, SIGNED, AgreementMaker, Plan, issue_numbers
from .national_copy import copy_rows, reset_tables
from .national_monev import MonevMaker, agreement_reviews, candidate_periods
from .national_partners import make_partners, office_weights, spread
from .national_vocab import DIVISI_BY_SCOPE

Role = Membership.Role
# Share of the agreements held by each level: most cooperation happens in the regencies.
LEVEL_SHARES = {"NATIONAL": 0.01, "PROVINCE": 0.14, "REGENCY": 0.85}
# The personas the benchmark signs in as, and the offices that always get a full deck of
# states (20 agreements) even in a small set.
BENCH_PERSONAS = {
    "admin.ri": (Role.ADMIN, Role.REVIEWER),
    "verifikator.jatim": (Role.REVIEWER,),
    "komisioner.jatim": (Role.COMMISSIONER,),
    "operator.ponorogo": (Role.OPERATOR,),
}
PERSONA_OFFICES = ("", "35", "35.02")
MIN_PERSONA_AGREEMENTS = 20
CONSIDERATIONS = (
    "bahwa KPU bertugas meningkatkan partisipasi masyarakat dan pendidikan pemilih;\n"
    "bahwa PARA PIHAK sepakat bekerja sama sesuai tugas dan fungsi masing-masing;"
)
LEGAL_BASIS = (
    "Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum;\n"
    "Peraturan KPU Nomor 2 Tahun 2021 tentang Tata Naskah Dinas;"
)


class Stopwatch:
    """Times each stage and reports it through `out`."""

    def __init__(self, out: Callable[[str], None]):
        self.out, self.timings = out, {}

    def stage(self, name: str, work: Callable):
        started = time.perf_counter()
        result = work()
        self.record(name, time.perf_counter() - started)
        return result

    def record(self, name: str, seconds: float) -> None:
        self.timings[name] = seconds
        self.out(f"{name}: {seconds:.1f} s")


def generate(
    *,
    agreements: int,
    partners: int,
    evaluations: int,
    seed: int = 1,
    reset: bool = False,
    out: Callable[[str], None] = print,
) -> dict[str, float]:
    """Write the data set; returns the seconds per stage."""
    watch = Stopwatch(out)
    rng = random.Random(seed)  # noqa: S311  (test data, not secrets)
    with transaction.atomic():
        watch.stage("kantor dan persona", ensure_offices_and_personas)
        if reset:
            watch.stage("kosongkan", reset_tables)
        offices = list(Office.objects.filter(is_active=True).order_by("pk"))
        weights = office_weights(offices, rng)
        pools = watch.stage("mitra", lambda: make_partners(rng, offices, weights, partners))
        plans = watch.stage(
            "kerja sama", lambda: write_agreements(rng, offices, weights, pools, agreements)
        )
        watch.stage("monev", lambda: write_evaluations(rng, plans, evaluations))
        fixed = watch.stage("fakta waktu", sync_all_time_facts)
        out(f"  fakta waktu yang dibetulkan UPDATE: {fixed}")
        watch.stage("sekuens", reset_sequences)
        committing = time.perf_counter()
    watch.record("commit (cek foreign key)", time.perf_counter() - committing)
    watch.stage("analyze", analyze)
    return watch.timings


# --- offices and personas ---------------------------------------------------------------


def ensure_offices_and_personas() -> None:
    """The 553 offices (loaded if missing) and the four bench personas (created if missing,
    password as seed_demo's)."""
    if not Office.objects.exists():
        call_command("load_offices", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    users = get_user_model()
    demo = {row[0]: row for row in DEMO_USERS}
    password = None
    for username, roles in BENCH_PERSONAS.items():
        _, full_name, code, _, superuser = demo[username]
        user = users.objects.filter(username=username).first()
        if user is None:
            password = password or make_password(DEMO_PASSWORD)
            first, _, last = full_name.partition(" ")
            user = users.objects.create(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@demo.kpu.go.id",
                is_staff=superuser,
                is_superuser=superuser,
                password=password,
            )
        for role in roles:
            Membership.objects.get_or_create(user=user, office=office_by_code(code), role=role)


# --- agreements ---------------------------------------------------------------------------


def quotas(offices: list[Office], weights: dict[int, float], total: int) -> dict[int, int]:
    """Agreements per office: the level's share spread by weight; the persona offices hold at
    least a full deck of states when the set is big enough."""
    result = {}
    for level, share in LEVEL_SHARES.items():
        members = [office for office in offices if office.level == level]
        result |= spread(members, weights, round(total * share))
    floor = MIN_PERSONA_AGREEMENTS if total >= 10 * MIN_PERSONA_AGREEMENTS else 0
    persona_ids = {office_by_code(code).pk for code in PERSONA_OFFICES}
    deficit = 0
    for office_id in persona_ids:
        deficit += max(0, floor - result[office_id])
        result[office_id] = max(floor, result[office_id])
    donors = sorted((pk for pk in result if pk not in persona_ids), key=lambda pk: -result[pk])
    for office_id in itertools.islice(itertools.cycle(donors), deficit):
        result[office_id] -= 1
    return result


def write_agreements(rng, offices, weights, pools, total: int) -> list[Plan]:
    national = next(office for office in offices if office.level == Office.Level.NATIONAL)
    maker = AgreementMaker(rng, pools, national, first_id=_next_id(Agreement))
    plans: list[Plan] = []
    per_office = quotas(offices, weights, total)
    for office in offices:
        plans += maker.office_plans(office, per_office[office.pk])
    counters = issue_numbers(plans, partial(format_number, DEFAULT_NUMBER_PATTERN))
    review_ids = itertools.count(_next_id(Review))
    content_type = ContentType.objects.get_for_model(Agreement).pk
    reviews = []
    for plan in plans:
        reviews += agreement_reviews(plan, rng, national.pk, review_ids)
    for row in reviews:
        row["content_type_id"] = content_type
    copy_rows(Agreement, (_agreement_row(plan) for plan in plans))
    copy_rows(Party, _party_rows(plans))
    copy_rows(NumberCounter, counters)
    copy_rows(Review, reviews)
    return plans


def _agreement_row(plan: Plan) -> dict:
    signed = plan.state in SIGNED
    return {
        "id": plan.id,
        "office_id": plan.office.pk,
        "kind": plan.kind,
        "parent_id": plan.parent.id if plan.parent else None,
        "renews_id": plan.renews.id if plan.renews else None,
        "title": plan.title,
        "state": plan.state,
        "kpu_signatory_name": plan.kpu_signatory,
        "kpu_signatory_title": plan.signatory_title,
        "considerations": CONSIDERATIONS,
        "legal_basis": LEGAL_BASIS,
        "scope": plan.scope,
        "divisi": DIVISI_BY_SCOPE[plan.scope[0]],
        "start_date": plan.start,
        "end_date": plan.end,
        "extends_term": plan.extends_term,
        "evaluation_frequency": plan.frequency,
        "kpu_number": plan.kpu_number,
        "partner_number": plan.partner_number,
        "partner_number_none": signed and not plan.partner_number,
        "signed_on": plan.signed_on if signed else None,
        "signed_place": plan.office.city if signed else "",
        "registered_without_review": plan.registered,
        "terminated_on": plan.terminated_on,
        "termination_reason": "Kegiatan tidak lagi relevan." if plan.terminated_on else "",
        "review_round": plan.rounds,
        "effective_end": plan.effective_end,
        "has_successor": plan.has_successor,
        "search_document": search_document(plan),
        "created_at": plan.created,
        "updated_at": plan.created,
    }


def search_document(plan: Plan) -> str:
    """What agreements.search.search_text stores: title, numbers, partners' names and
    abbreviations, signatories and scope labels (generated agreements have no clauses)."""
    parts = [plan.title, plan.kpu_number, plan.partner_number]
    for partner, signatory in zip(plan.partners, plan.signatories, strict=True):
        parts += [partner.name, partner.short_name, signatory]
    with translation.override("id"):
        parts += [str(Scope(value).label) for value in plan.scope]
    return " ".join(part.strip() for part in parts if part and part.strip())


def _party_rows(plans: list[Plan]):
    for plan in plans:
        for position, (partner, signatory) in enumerate(
            zip(plan.partners, plan.signatories, strict=True), start=1
        ):
            yield {
                "agreement_id": plan.id,
                "partner_id": partner.id,
                "position": position,
                "signatory_name": signatory,
                "signatory_title": partner.leader_title,
            }


# --- evaluations --------------------------------------------------------------------------


def write_evaluations(rng: random.Random, plans: list[Plan], total: int) -> None:
    ids = {
        "evaluation": itertools.count(_next_id(Evaluation)),
        "review": itertools.count(_next_id(Review)),
    }
    maker = MonevMaker(rng, current_instrument(), ids)
    for plan, period in candidate_periods(plans, total):
        maker.add(plan, period)
    content_type = ContentType.objects.get_for_model(Evaluation).pk
    for row in maker.reviews:
        row["content_type_id"] = content_type
    copy_rows(Evaluation, maker.evaluations)
    copy_rows(Score, maker.scores)
    copy_rows(Activity, maker.activities)
    copy_rows(Review, maker.reviews)


# --- finishing ----------------------------------------------------------------------------

GENERATED = (Partner, Agreement, Party, NumberCounter, Review, Evaluation, Score, Activity)


def sync_all_time_facts() -> int:
    """One set-based UPDATE puts right every agreement whose stored effective_end or
    has_successor differs from what agreements.timefacts computes; returns how many it
    changed. The rows were copied with the facts the plans worked out, so none should be:
    rewriting all of them would recompute every search vector for nothing."""
    with connection.cursor() as cursor:  # the subqueries need the new rows' statistics
        cursor.execute(f"ANALYZE {Agreement._meta.db_table}")
    return Agreement.objects.filter(pk__in=time_facts_drift().values("pk")).update(
        effective_end=_computed_effective_end(), has_successor=_computed_has_successor()
    )


def reset_sequences() -> None:
    """Rows were copied with explicit ids: move each sequence past the highest."""
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), GENERATED):
            cursor.execute(sql)


def analyze() -> None:
    tables = ", ".join(model._meta.db_table for model in GENERATED)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def _next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")  # noqa: S608  (table name from the model)  # nosec B608
        return cursor.fetchone()[0]


__all__ = ["REFERENCE", "generate"]
