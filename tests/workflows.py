"""Steps of the real lifecycle, through the services: a complete draft's fields, the review
decisions, the signing, and an evaluation filled in as an operator would. Use these when the
test is about what a step leaves behind; tests/factories.py makes rows without the steps."""

import datetime
import re

from agreements import services
from agreements.models import Agreement, Clause
from evaluations import activities
from evaluations import services as evaluation_services
from evaluations.instruments import current_instrument
from evaluations.models import Evaluation
from evaluations.selectors import period_of
from reviews.models import Review
from reviews.services import review_decide
from tests.files import pdf_upload

SEPT_11 = datetime.date(2025, 9, 11)
BRACKETED = re.compile(r"\[[^\[\]\n]*\]")


def draft_fields(partner, **extra) -> dict:
    """The fields of a complete NK/PKS draft of KPU Kabupaten Ponorogo with `partner`."""
    return {
        "title": "Pendidikan Pemilih dan Kuliah Kerja Nyata Tematik Kepemiluan",
        "kpu_signatory_name": "Ketua KPU Kabupaten Ponorogo",
        "considerations": "bahwa KPU bertugas melaksanakan pendidikan pemilih;\n"
        "bahwa perguruan tinggi menjalankan pengabdian kepada masyarakat;",
        "legal_basis": "Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum;",
        "scope": ["VOTER_EDUCATION", "INTERNSHIP"],
        "divisi": Agreement.Divisi.PARTICIPATION,
        "start_date": SEPT_11,
        "end_date": datetime.date(2030, 9, 10),
        "partners": [
            {
                "partner": partner,
                "signatory_name": "Dr. Happy Susanto",
                "signatory_title": "Rektor Universitas Muhammadiyah Ponorogo",
            }
        ],
    } | extra


def fill_bracketed(agreement: Agreement) -> Agreement:
    """Write something in place of each "[…]" of the template, as a drafter would."""
    for clause in agreement.clauses.all():
        body = BRACKETED.sub("kegiatan yang disepakati", clause.body)
        if body != clause.body:
            Clause.objects.filter(pk=clause.pk).update(body=body)
    return agreement


def decide_all(agreement: Agreement, *reviewers) -> Agreement:
    """Approve every pending step with the given reviewers, in route order."""
    for reviewer in reviewers:
        review = Review.objects.get(object_id=agreement.pk, decision=Review.Decision.PENDING)
        review_decide(review=review, user=reviewer, decision=Review.Decision.APPROVED)
    agreement.refresh_from_db()
    return agreement


def sign(agreement: Agreement, user, on: datetime.date = SEPT_11) -> Agreement:
    """Record the signing of a cleared agreement, with a scan of the signed text."""
    return services.agreement_sign(
        user=user,
        agreement=agreement,
        signed_on=on,
        signed_place="Ponorogo",
        partner_number="012/UMPO/IX/2025",
        scan=pdf_upload(),
    )


# --- Monev -------------------------------------------------------------------------------


def open_evaluation(agreement: Agreement, year: int = 2026, semester: int = 1) -> Evaluation:
    """Open the evaluation of `agreement` for a period, as the daily task does."""
    evaluation, _created = evaluation_services.evaluation_open(
        agreement=agreement, period=period_of(year, semester), instrument=current_instrument()
    )
    return evaluation


def fill(evaluation: Evaluation, user, value: int = 4, **extra) -> Evaluation:
    """Score every criterion `value` with a reason and mark the cooperation as running."""
    evaluation.refresh_from_db()
    scores = {
        c.pk: (value, f"Alasan kriteria {c.position}.")
        for c in evaluation.instrument.criteria.all()
    }
    fields = {
        "lock_version": evaluation.lock_version,
        "implementation_status": Evaluation.Status.RUNNING,
        "obstacles": "Jadwal akademik padat.",
        "follow_up": "Menyusun PKS KKN tematik.",
        "scores": scores,
    } | extra
    return evaluation_services.evaluation_update(user=user, evaluation=evaluation, **fields)


def add_activity(
    evaluation: Evaluation,
    user,
    day: datetime.date = datetime.date(2026, 3, 10),
    participants: int = 120,
    description: str = "Sosialisasi pendidikan pemilih bagi mahasiswa baru",
    evidence: bool = True,
):
    """Record an activity of the period, with an attendance list as evidence."""
    activity = activities.activity_add(
        user=user,
        evaluation=evaluation,
        date=day,
        description=description,
        place="Aula UMPO",
        output="Daftar hadir dan materi",
        participants=participants,
    )
    if evidence:
        activities.evidence_add(user=user, activity=activity, upload=pdf_upload("daftar-hadir.pdf"))
    return activity


def ready(evaluation: Evaluation, user, value: int = 4) -> Evaluation:
    """An evaluation complete enough to submit: one activity with evidence, all scored."""
    add_activity(evaluation, user)
    return fill(evaluation, user, value)
