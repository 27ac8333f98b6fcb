"""Verification and monev rows of the national data set: the reviews along each agreement's
route, and the evaluations of the periods each signed agreement fell due in by the reference
date (the most recent ones first, up to the requested number), in a mix of states, with
scores, activities and the reviews of the submitted ones."""

import datetime
import random
from collections.abc import Iterator

from django.utils import translation

from offices.models import Office

from .instruments import weighted_score
from .models import Instrument
from .national_agreements import DAY, REFERENCE, RETURN_NOTES, SIGNED, Plan, stamp
from .selectors import Period, due_periods

# By whether the evaluation was already due on the reference date.
STATES_OVERDUE = (("ACCEPTED", 60), ("SUBMITTED", 12), ("RETURNED", 5), ("DRAFT", 23))
STATES_OPEN = (("DRAFT", 75), ("SUBMITTED", 25))
STATUSES = (("RUNNING", 60), ("COMPLETED", 25), ("NOT_RUNNING", 15))
ACTIVITIES = [
    "Sosialisasi tahapan Pemilu kepada peserta didik",
    "Diskusi publik partisipasi masyarakat",
    "Pelatihan relawan demokrasi",
    "Penerjunan mahasiswa KKN tematik kepemiluan",
    "Pencocokan dan penelitian data pemilih bersama",
    "Siaran dialog interaktif kepemiluan",
    "Rapat koordinasi pengamanan logistik",
    "Seminar hasil riset partisipasi",
    "Kelas pendidikan pemilih disabilitas",
    "Penyerahan data kependudukan konsolidasi",
    "Publikasi infografis tahapan di media sosial",
    "Pemanfaatan aula untuk bimbingan teknis badan ad hoc",
]
OBSTACLES = [
    "",
    "Jadwal kegiatan berbenturan dengan agenda mitra.",
    "Anggaran kegiatan terbatas pada semester ini.",
    "Pergantian pimpinan mitra menunda pelaksanaan.",
    "Cuaca dan jarak lokasi menghambat kegiatan lapangan.",
]
FOLLOW_UPS = [
    "",
    "Kegiatan dilanjutkan pada periode berikutnya.",
    "Menyusun rencana kerja bersama yang lebih rinci.",
    "Mengusulkan adendum untuk memperluas ruang lingkup.",
]
REASONS = [
    "Sesuai bukti kegiatan dan laporan mitra.",
    "Dinilai dari daftar hadir dan dokumentasi.",
    "Sebagian rencana belum terlaksana.",
    "Manfaat terukur dari jumlah peserta.",
]
LATEST = datetime.datetime.combine(REFERENCE, datetime.time(1), tzinfo=datetime.UTC)


def review_route(plan: Plan, national_id: int) -> list[int]:
    """The reviewing offices' ids, as agreements.services.review_route derives them."""
    office = plan.office
    if office.level == Office.Level.NATIONAL:
        return [national_id]
    kind = plan.parent.kind if plan.kind == "ADDENDUM" else plan.kind
    if kind != "NK":
        return [office.parent_id]
    return (
        [office.parent_id, national_id] if office.level == Office.Level.REGENCY else [national_id]
    )


def _round(route: list[int], state: str, rng: random.Random) -> list[str]:
    """The decisions of one round: approved up to the step where it waits or was returned."""
    if state in ("SUBMITTED", "RETURNED"):
        step = rng.randint(1, len(route))
        return ["APPROVED"] * (step - 1) + ["PENDING" if state == "SUBMITTED" else "RETURNED"]
    return ["APPROVED"] * len(route)


def _review_row(plan: Plan, office_id: int, number: int, step: int, decision: str, notes: str):
    return {
        "object_id": plan.id,
        "office_id": office_id,
        "submitted_from_id": plan.office.pk,
        "subject_kind": plan.kind,
        "subject_title": plan.title[:500],
        "round": number,
        "step": step,
        "decision": decision,
        "checklist": [],
        "notes": notes,
    }


def agreement_reviews(plan: Plan, rng: random.Random, national_id: int, ids) -> list[dict]:
    """The Review rows of a plan that went through verification (none for drafts and for
    registered agreements); sets the plan's review round."""
    route = review_route(plan, national_id)
    if not route or plan.state in ("DRAFT", "CANCELLED") or plan.registered:
        return []
    rounds = [_round(route, "RETURNED", rng)] if rng.random() < 0.2 else []
    rounds.append(_round(route, plan.state, rng))
    plan.rounds = len(rounds)
    rows, when = [], plan.created + DAY
    for number, decisions in enumerate(rounds, start=1):
        for step, decision in enumerate(decisions, start=1):
            opened = min(when, LATEST)
            decided = None if decision == "PENDING" else min(opened + DAY * 2, LATEST)
            notes = rng.choice(RETURN_NOTES) if decision == "RETURNED" else ""
            row = _review_row(plan, route[step - 1], number, step, decision, notes)
            row |= {"id": next(ids), "decided_at": decided, "created_at": opened}
            rows.append(row | {"updated_at": decided or opened})
            when += DAY * 3
    return rows


def _pick(rng: random.Random, table) -> str:
    return rng.choices([value for value, _ in table], [weight for _, weight in table])[0]


def candidate_periods(plans: list[Plan], limit: int) -> list[tuple[Plan, Period]]:
    """Every (agreement, period) due by the reference date, the latest periods first, cut at
    `limit` and returned in (agreement, period) order."""
    found = []
    for plan in plans:
        if plan.state not in SIGNED or plan.kind == "ADDENDUM":
            continue
        periods = due_periods(
            start=plan.start or plan.signed_on,
            end=plan.effective_end,
            frequency=plan.frequency,
            today=REFERENCE,
        )
        found += [(plan, period) for period in periods]
    found.sort(key=lambda pair: (-pair[1].end.toordinal(), pair[0].id, pair[1].semester))
    chosen = found[:limit]
    chosen.sort(key=lambda pair: (pair[0].id, pair[1].start))
    return chosen


class MonevMaker:
    """Evaluation, Score, Activity and Review rows for chosen (agreement, period) pairs."""

    def __init__(self, rng: random.Random, instrument: Instrument, ids: dict[str, Iterator]):
        self.rng, self.instrument, self.ids = rng, instrument, ids
        self.criteria = list(instrument.criteria.order_by("position"))
        self.evaluations: list[dict] = []
        self.scores: list[dict] = []
        self.activities: list[dict] = []
        self.reviews: list[dict] = []

    def add(self, plan: Plan, period: Period) -> None:
        rng = self.rng
        due = period.end + datetime.timedelta(days=self.instrument.grace_days)
        state = _pick(rng, STATES_OVERDUE if due < REFERENCE else STATES_OPEN)
        parent_id = plan.office.parent_id
        if parent_id is None:  # KPU RI's own are accepted on submission
            state = {"SUBMITTED": "ACCEPTED", "RETURNED": "DRAFT"}.get(state, state)
        opened = stamp(period.end + DAY, rng)
        row = self._evaluation(plan, period, due, state, opened)
        self.evaluations.append(row)
        if state != "DRAFT" or rng.random() < 0.3:
            self._activities(row, plan, period)
        if state != "DRAFT":
            self._scores(row)
        if parent_id is not None and state != "DRAFT":
            self._review(row, plan, period, parent_id)

    def _evaluation(self, plan, period, due, state, opened) -> dict:
        rng = self.rng
        submitted = None
        if state != "DRAFT":
            submitted = min(stamp(due - DAY * rng.randint(0, 25), rng), LATEST)
        accepted = (
            min(submitted + DAY * rng.randint(3, 20), LATEST) if state == "ACCEPTED" else None
        )
        status = _pick(rng, STATUSES) if state != "DRAFT" or rng.random() < 0.4 else ""
        return {
            "id": next(self.ids["evaluation"]),
            "agreement_id": plan.id,
            "instrument_id": self.instrument.pk,
            "year": period.year,
            "semester": period.semester,
            "period_start": period.start,
            "period_end": period.end,
            "due_date": due,
            "state": state,
            "implementation_status": status,
            "obstacles": rng.choice(OBSTACLES),
            "follow_up": rng.choice(FOLLOW_UPS),
            "review_round": 1 if state != "DRAFT" and plan.office.parent_id else 0,
            "submitted_at": submitted,
            "accepted_at": accepted,
            "created_at": opened,
            "updated_at": accepted or submitted or opened,
        }

    def _scores(self, row: dict) -> None:
        rng = self.rng
        base = rng.choice((2, 3, 3, 4, 4, 4, 5))
        pairs = []
        for criterion in self.criteria:
            value = min(5, max(1, base + rng.choice((-1, 0, 0, 1))))
            pairs.append((criterion.weight, value))
            self.scores.append(
                {
                    "evaluation_id": row["id"],
                    "criterion_id": criterion.pk,
                    "value": value,
                    "reason": rng.choice(REASONS),
                }
            )
        score = weighted_score(pairs)
        computed = self.instrument.recommendation_for(score)
        row |= {"score": score, "computed_recommendation": computed, "recommendation": computed}

    def _activities(self, row: dict, plan: Plan, period: Period) -> None:
        rng = self.rng
        if row["implementation_status"] in ("", "NOT_RUNNING"):
            return
        for _ in range(rng.choice((1, 1, 2, 3))):
            day = period.start + DAY * rng.randint(0, (period.end - period.start).days)
            self.activities.append(
                {
                    "evaluation_id": row["id"],
                    "date": day,
                    "description": rng.choice(ACTIVITIES),
                    "place": plan.office.city,
                    "output": "Laporan kegiatan dan daftar hadir",
                    "participants": rng.randint(15, 400),
                    "created_at": row["created_at"],
                    "updated_at": row["created_at"],
                }
            )

    def _review(self, row: dict, plan: Plan, period: Period, office_id: int) -> None:
        decision = {"SUBMITTED": "PENDING", "RETURNED": "RETURNED"}.get(row["state"], "APPROVED")
        decided = None if decision == "PENDING" else row["accepted_at"] or row["submitted_at"]
        with translation.override("id"):
            title = f"{period.label}: {plan.title}"[:500]
        self.reviews.append(
            {
                "id": next(self.ids["review"]),
                "object_id": row["id"],
                "office_id": office_id,
                "submitted_from_id": plan.office.pk,
                "subject_kind": "MONEV",
                "subject_title": title,
                "round": 1,
                "step": 1,
                "decision": decision,
                "checklist": [],
                "notes": self.rng.choice(RETURN_NOTES) if decision == "RETURNED" else "",
                "decided_at": decided,
                "created_at": row["submitted_at"],
                "updated_at": decided or row["submitted_at"],
            }
        )
