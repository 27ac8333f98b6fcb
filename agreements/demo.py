"""Demo agreements for `manage.py seed_demo`, in every stage of the lifecycle."""

import datetime
import io
from functools import lru_cache

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from pypdf import PdfWriter

from offices.models import Office, Official
from partners.models import Partner
from reviews.models import Review
from reviews.services import review_decide

from . import registration, services
from .clauses import clause_update
from .models import Agreement

# Not "[demo]": square brackets are a placeholder the drafter must replace.
MARKER = "(demo)"
LEGACY_MARKER = "[demo]"


@lru_cache(maxsize=1)
def demo_scan() -> bytes:
    """A one-page blank PDF: uploads must be PDFs pypdf can read (core.file_content)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _user(username: str):
    return get_user_model().objects.get(username=username)


# Fictional signatories of the demo partners.
DEMO_SIGNATORIES = {
    "UMPO": "Dr. Ahmad Fauzi, M.Pd.",
    "Disdukcapil Ponorogo": "Bambang Sutrisno, S.Sos., M.M.",
    "Polres Ponorogo": "AKBP Rudi Hartono, S.I.K.",
    "UNAIR": "Prof. Dr. Siti Rahmawati",
    "RRI Surabaya": "Dewi Lestari, S.Sos.",
    "UNIPMA": "Dr. Hendra Wijaya, M.Si.",
    "UNDIP": "Prof. Dr. Agus Salim",
    "Diskominfo Semarang": "Yuliana Putri, S.Kom., M.T.",
}


def _fields(partner: Partner, title: str, start: datetime.date, years: int, **extra) -> dict:
    return {
        "title": f"{title} {MARKER}",
        "kpu_signatory_name": "Sri Wahyuni, S.H.",
        "considerations": "bahwa KPU bertugas meningkatkan partisipasi dan pendidikan pemilih;\n"
        "bahwa PARA PIHAK sepakat bekerja sama sesuai tugas dan fungsi masing-masing;",
        "legal_basis": "Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum;\n"
        "Peraturan KPU Nomor 2 Tahun 2021 tentang Tata Naskah Dinas;",
        "scope": ["VOTER_EDUCATION", "SOCIALISATION"],
        "divisi": Agreement.Divisi.PARTICIPATION,
        "start_date": start,
        "end_date": start.replace(year=start.year + years) - datetime.timedelta(days=1),
        "partners": [
            {
                "partner": partner,
                "signatory_name": DEMO_SIGNATORIES.get(partner.short_name, "Dr. Rina Kartika"),
                "signatory_title": partner.leader_title,
            }
        ],
    } | extra


# What the demo drafter wrote in place of the template's bracketed placeholders.
DEMO_FILLS = {
    "[uraian kegiatan pertama]": "penempatan mahasiswa magang pada Sekretariat KPU Kabupaten "
    "Ponorogo",
    "[uraian kegiatan kedua]": "pendampingan mahasiswa oleh pegawai Sekretariat",
    "[uraian kegiatan]": "kegiatan sosialisasi bersama",
    "PIHAK PERTAMA: [nama, jabatan, nomor telepon, dan alamat surel]": "PIHAK PERTAMA: Kepala "
    "Subbagian Teknis Penyelenggaraan Pemilu, Partisipasi dan Hubungan Masyarakat, telepon "
    "(0352) 481234, surel kerjasama@kpu-ponorogo.example",
    "PIHAK KEDUA: [nama, jabatan, nomor telepon, dan alamat surel]": "PIHAK KEDUA: Kepala "
    "Biro Kerja Sama, telepon (0352) 481124, surel kerjasama@mitra.example",
}


def _fill_demo_clauses(agreement: Agreement, user) -> None:
    """Replace the template's placeholders the way a drafter would before submitting."""
    for clause in agreement.clauses.all():
        body = clause.body
        for placeholder, text in DEMO_FILLS.items():
            body = body.replace(placeholder, text)
        if body != clause.body:
            clause_update(user=user, clause=clause, heading=clause.heading, body=body)


def _decide_all(agreement: Agreement, *usernames: str) -> None:
    for username in usernames:
        review = Review.objects.get(object_id=agreement.pk, decision=Review.Decision.PENDING)
        review_decide(review=review, user=_user(username), decision=Review.Decision.APPROVED)


def _sign(agreement: Agreement, operator, on: datetime.date, number: str) -> Agreement:
    agreement.refresh_from_db()
    return services.agreement_sign(
        user=operator,
        agreement=agreement,
        signed_on=on,
        signed_place=agreement.office.city,
        partner_number=number,
        scan=SimpleUploadedFile("naskah.pdf", demo_scan(), content_type="application/pdf"),
    )


# Agreements registered in two more Jawa Timur regencies and in Jawa Tengah, so the
# dashboards and the oversight table have rows beyond Ponorogo:
# office code, operator, partner short name, kind, title, signed on, years, partner number.
REGIONAL = [
    (
        "35.78",
        "operator.surabaya",
        "UNAIR",
        "PKS",
        "Riset Partisipasi Pemilih Muda",
        datetime.date(2024, 3, 1),
        3,
        "17/UN3/PKS/2024",
    ),
    (
        "35.78",
        "operator.surabaya",
        "RRI Surabaya",
        "PKS",
        "Siaran Sosialisasi Tahapan Pemilihan",
        datetime.date(2025, 1, 20),
        2,
        "088/RRI-SBY/2025",
    ),
    (
        "35.19",
        "operator.madiun",
        "UNIPMA",
        "NK",
        "Pendidikan Pemilih bagi Mahasiswa",
        datetime.date(2023, 6, 1),
        3,
        "21/UNIPMA/NK/2023",
    ),
    (
        "35.19",
        "operator.madiun",
        "UNIPMA",
        "PKS",
        "KKN Tematik Kepemiluan",
        datetime.date(2026, 2, 2),
        2,
        "35/UNIPMA/PKS/2026",
    ),
    (
        "33",
        "operator.jateng",
        "UNDIP",
        "NK",
        "Kajian dan Pendidikan Demokrasi",
        datetime.date(2024, 8, 1),
        5,
        "9/UN7/NK/2024",
    ),
    (
        "33.74",
        "operator.semarang",
        "Diskominfo Semarang",
        "PKS",
        "Publikasi dan Penyebarluasan Informasi Pemilihan",
        datetime.date(2025, 4, 14),
        2,
        "480/DISKOMINFO/2025",
    ),
]


def seed_regional_agreements() -> int:
    """Register the REGIONAL agreements once (matched by title); returns how many were new."""
    created = 0
    partners = {p.short_name: p for p in Partner.objects.filter(short_name__in=_shorts())}
    for code, username, short, kind, title, signed_on, years, number in REGIONAL:
        if Agreement.objects.filter(title=f"{title} {MARKER}", office__code=code).exists():
            continue
        office = Office.objects.get(code=code)
        sequence = Agreement.objects.filter(office=office).count() + 1
        fields = _fields(partners[short], title, signed_on, years)
        fields["kpu_signatory_name"] = "Andi Prasetyo, S.H., M.H."
        registration.agreement_register(
            user=_user(username),
            office=office,
            kind=kind,
            kpu_number=f"{sequence}/HK.05.1-{kind}/{office.letter_code}/{signed_on.year}",
            partner_number=number,
            signed_on=signed_on,
            signed_place=office.city,
            scan=SimpleUploadedFile("naskah.pdf", demo_scan(), content_type="application/pdf"),
            **fields,
        )
        created += 1
    return created


def _shorts() -> set[str]:
    return {row[2] for row in REGIONAL}


def _demo_officials(office: Office) -> tuple[Official, Official]:
    """The Ketua and an acting (Plt.) Sekretaris of the office's officials register."""
    ketua, _created = Official.objects.get_or_create(
        office=office,
        position=Official.Position.CHAIR,
        defaults={"name": "Sri Wahyuni, S.H.", "valid_from": datetime.date(2023, 10, 1)},
    )
    sekretaris, _created = Official.objects.get_or_create(
        office=office,
        position=Official.Position.SECRETARY,
        defaults={
            "name": "Drs. Joko Santoso, M.Si.",
            "nip": "197501012000031001",
            "status": Official.Status.ACTING,
            "valid_from": datetime.date(2025, 1, 2),
        },
    )
    return ketua, sekretaris


def _rename_legacy_marker() -> None:
    """Demo data seeded before the marker changed keeps being recognised (not seeded twice)."""
    for agreement in Agreement.objects.filter(title__endswith=LEGACY_MARKER):
        title = agreement.title.removesuffix(LEGACY_MARKER) + MARKER
        Agreement.objects.filter(pk=agreement.pk).update(title=title)


@transaction.atomic
def seed_demo_agreements() -> int:
    """Create the demo agreements of KPU Kabupaten Ponorogo once; returns how many exist."""
    _rename_legacy_marker()
    seed_regional_agreements()
    existing = Agreement.objects.filter(title__endswith=MARKER, office__code="35.02")
    if existing.exists():
        return Agreement.objects.filter(title__endswith=MARKER).count()
    operator = _user("operator.ponorogo")
    ponorogo = Office.objects.get(code="35.02")
    partner = {p.short_name: p for p in Partner.objects.filter(registered_by=ponorogo)}
    ketua, sekretaris = _demo_officials(ponorogo)

    nk = services.agreement_create(
        user=operator,
        office=ponorogo,
        kind="NK",
        **_fields(
            partner["UMPO"],
            "Pendidikan Pemilih dan KKN Tematik Kepemiluan",
            datetime.date(2025, 9, 11),
            5,
            kpu_official=ketua,
        ),
    )
    services.agreement_submit(user=operator, agreement=nk)
    _decide_all(nk, "verifikator.jatim", "verifikator.ri")
    nk = _sign(nk, operator, datetime.date(2025, 9, 11), "012/UMPO/IX/2025")

    pks = services.agreement_create(
        user=operator,
        office=ponorogo,
        kind="PKS",
        parent=nk,
        **_fields(
            partner["UMPO"],
            "Magang Mahasiswa di Sekretariat KPU",
            datetime.date(2025, 10, 1),
            1,
            kpu_official=sekretaris,
        ),
    )
    _fill_demo_clauses(pks, operator)
    services.agreement_submit(user=operator, agreement=pks)

    registration.agreement_register(
        user=operator,
        office=ponorogo,
        kind="PKS",
        kpu_number="3/HK.05.1-PKS/3502/2022",
        partner_number="045/DUKCAPIL/2022",
        signed_on=datetime.date(2022, 2, 1),
        signed_place="Ponorogo",
        scan=SimpleUploadedFile("pks-dukcapil.pdf", demo_scan(), content_type="application/pdf"),
        **_fields(
            partner["Disdukcapil Ponorogo"],
            "Pemanfaatan Data Kependudukan untuk Pemutakhiran Data Pemilih",
            datetime.date(2022, 2, 1),
            5,
            kpu_signatory_title=Agreement.SignatoryTitle.SECRETARY,
            kpu_signatory_name="Drs. Bambang Irawan",
        ),
    )
    services.agreement_create(
        user=operator,
        office=ponorogo,
        kind="NK",
        **_fields(
            partner["Polres Ponorogo"],
            "Pengamanan Tahapan Pemilihan",
            datetime.date(2026, 1, 1),
            3,
            kpu_official=ketua,
        ),
    )
    return Agreement.objects.filter(title__endswith=MARKER).count()
