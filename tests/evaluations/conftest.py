"""Monev fixtures: signed agreements built with the ORM (fast), an opened evaluation of
Ponorogo's NK, and helpers to fill one in with scores, activities and evidence."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements.models import Agreement, Party
from evaluations import activities, services
from evaluations.instruments import current_instrument
from evaluations.models import Evaluation
from evaluations.selectors import period_of
from offices.models import Membership, Office
from partners.models import Partner
from tests.factories import member
from tests.files import PDF

SIGNED = Agreement.State.SIGNED


def upload(name: str = "daftar-hadir.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def umpo(ponorogo) -> Partner:
    partner = Partner(
        name="Universitas Muhammadiyah Ponorogo",
        short_name="UMPO",
        category=Partner.Category.UNIVERSITY,
        registered_by=ponorogo,
        leader_title="Rektor",
    )
    partner.save()
    return partner


@pytest.fixture
def ri_operator(offices):
    return member("operator.ri", "", Membership.Role.OPERATOR)


@pytest.fixture
def jatim_operator(offices):
    return member("operator.jatim", "35", Membership.Role.OPERATOR)


def make_signed(
    office: Office,
    *,
    kind: str = "NK",
    start: datetime.date = datetime.date(2026, 1, 5),
    end: datetime.date | None = datetime.date(2030, 1, 4),
    signed_on: datetime.date | None = None,
    partner: Partner | None = None,
    **fields,
) -> Agreement:
    """A signed agreement straight through the ORM (the lifecycle is tested in agreements)."""
    agreement = Agreement.objects.create(
        office=office,
        kind=kind,
        title=fields.pop("title", f"{kind} pendidikan pemilih {office.name}"),
        state=fields.pop("state", SIGNED),
        divisi=Agreement.Divisi.PARTICIPATION,
        start_date=start,
        end_date=end,
        signed_on=signed_on or start,
        signed_place=office.city,
        kpu_number=fields.pop("kpu_number", ""),
        **fields,
    )
    if partner is not None:
        Party.objects.create(agreement=agreement, partner=partner, position=1)
    return agreement


@pytest.fixture
def signed_nk(ponorogo, umpo) -> Agreement:
    return make_signed(ponorogo, partner=umpo, kpu_number="1/HK.05.1-NK/3502/2026")


def open_evaluation(agreement: Agreement, year: int = 2026, semester: int = 1) -> Evaluation:
    evaluation, _created = services.evaluation_open(
        agreement=agreement, period=period_of(year, semester), instrument=current_instrument()
    )
    return evaluation


@pytest.fixture
def evaluation(signed_nk) -> Evaluation:
    """Semester I 2026 of Ponorogo's NK, opened and empty."""
    return open_evaluation(signed_nk)


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
    return services.evaluation_update(user=user, evaluation=evaluation, **fields)


def add_activity(
    evaluation: Evaluation,
    user,
    day: datetime.date = datetime.date(2026, 3, 10),
    participants: int = 120,
    description: str = "Sosialisasi pendidikan pemilih bagi mahasiswa baru",
    evidence: bool = True,
):
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
        activities.evidence_add(user=user, activity=activity, upload=upload())
    return activity


def ready(evaluation: Evaluation, user, value: int = 4) -> Evaluation:
    """An evaluation complete enough to submit: one activity with evidence, all scored."""
    add_activity(evaluation, user)
    return fill(evaluation, user, value)
