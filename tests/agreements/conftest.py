"""Agreement fixtures: a partner, complete drafts, and helpers to move them along."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements import services
from agreements.models import Agreement, Clause
from partners.models import Partner
from tests.files import PDF

SEPT_11 = datetime.date(2025, 9, 11)


def scan(name: str = "naskah.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def umpo(ponorogo):
    partner = Partner(
        name="Universitas Muhammadiyah Ponorogo",
        short_name="UMPO",
        category=Partner.Category.UNIVERSITY,
        registered_by=ponorogo,
        leader_title="Rektor",
    )
    partner.save()
    return partner


def draft_fields(partner, **extra) -> dict:
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


BRACKETED = re.compile(r"\[[^\[\]\n]*\]")


def fill_bracketed(agreement: Agreement) -> Agreement:
    """Write something in place of each "[…]" of the template, as a drafter would."""
    for clause in agreement.clauses.all():
        body = BRACKETED.sub("kegiatan yang disepakati", clause.body)
        if body != clause.body:
            Clause.objects.filter(pk=clause.pk).update(body=body)
    return agreement


@pytest.fixture
def make_draft(operator, ponorogo, umpo):
    """make_draft(kind="NK", **fields) → a complete draft of KPU Kabupaten Ponorogo, its
    template placeholders filled in (pass filled=False to keep them)."""

    def _make(kind: str = "NK", user=None, office=None, filled: bool = True, **extra) -> Agreement:
        agreement = services.agreement_create(
            user=user or operator,
            office=office or ponorogo,
            kind=kind,
            **draft_fields(umpo, **extra),
        )
        return fill_bracketed(agreement) if filled else agreement

    return _make


@pytest.fixture
def nk_draft(make_draft):
    return make_draft("NK")


def decide_all(agreement: Agreement, *reviewers) -> Agreement:
    """Approve every pending step with the given reviewers, in route order."""
    from reviews.models import Review
    from reviews.services import review_decide

    for reviewer in reviewers:
        review = Review.objects.get(object_id=agreement.pk, decision=Review.Decision.PENDING)
        review_decide(review=review, user=reviewer, decision=Review.Decision.APPROVED)
    agreement.refresh_from_db()
    return agreement


def sign(agreement: Agreement, user, on: datetime.date = SEPT_11) -> Agreement:
    return services.agreement_sign(
        user=user,
        agreement=agreement,
        signed_on=on,
        signed_place="Ponorogo",
        partner_number="012/UMPO/IX/2025",
        scan=scan(),
    )
