"""Demo partners for `manage.py seed_demo`: institutions KPU offices commonly work with."""

from offices.demo import office_by_code
from offices.models import Office

from .models import Contact, Partner

DEMO_PARTNERS = [
    # code of registering office, name, short name, category, leader title (as documents
    # print it), region code
    (
        "35.02",
        "Universitas Muhammadiyah Ponorogo",
        "UMPO",
        "UNIVERSITY",
        "Rektor Universitas Muhammadiyah Ponorogo",
        "35.02",
    ),
    (
        "35.02",
        "Institut Agama Islam Negeri Ponorogo",
        "IAIN Ponorogo",
        "UNIVERSITY",
        "Rektor Institut Agama Islam Negeri Ponorogo",
        "35.02",
    ),
    (
        "35.02",
        "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Ponorogo",
        "Disdukcapil Ponorogo",
        "LOCAL_GOVERNMENT",
        "Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Ponorogo",
        "35.02",
    ),
    (
        "35.02",
        "Kepolisian Resor Ponorogo",
        "Polres Ponorogo",
        "SECURITY",
        "Kepala Kepolisian Resor Ponorogo",
        "35.02",
    ),
    (
        "35.02",
        "SMA Negeri 1 Ponorogo",
        "SMAN 1 Ponorogo",
        "SCHOOL",
        "Kepala SMA Negeri 1 Ponorogo",
        "35.02",
    ),
    (
        "35",
        "Universitas Airlangga",
        "UNAIR",
        "UNIVERSITY",
        "Rektor Universitas Airlangga",
        "35.78",
    ),
    (
        "35",
        "Radio Republik Indonesia Surabaya",
        "RRI Surabaya",
        "MEDIA",
        "Kepala Stasiun Radio Republik Indonesia Surabaya",
        "35.78",
    ),
    (
        "34.04",
        "Universitas Gadjah Mada",
        "UGM",
        "UNIVERSITY",
        "Rektor Universitas Gadjah Mada",
        "34.04",
    ),
    (
        "35.19",
        "Universitas PGRI Madiun",
        "UNIPMA",
        "UNIVERSITY",
        "Rektor Universitas PGRI Madiun",
        "35.77",
    ),
    (
        "33",
        "Universitas Diponegoro",
        "UNDIP",
        "UNIVERSITY",
        "Rektor Universitas Diponegoro",
        "33.74",
    ),
    (
        "33.74",
        "Dinas Komunikasi dan Informatika Kota Semarang",
        "Diskominfo Semarang",
        "LOCAL_GOVERNMENT",
        "Kepala Dinas Komunikasi dan Informatika Kota Semarang",
        "33.74",
    ),
    ("", "Kementerian Dalam Negeri", "Kemendagri", "MINISTRY", "Menteri Dalam Negeri", "31.71"),
]


def seed_demo_partners() -> list[Partner]:
    """Create the demo partners once (matched by name); returns them."""
    partners = []
    for office_code, name, short, category, leader, region_code in DEMO_PARTNERS:
        region = Office.objects.get(code=region_code)
        partner = Partner.objects.filter(name=name).first()
        if partner is None:
            partner = Partner(
                name=name,
                short_name=short,
                category=category,
                leader_title=leader,
                registered_by=office_by_code(office_code),
                regency=region if region.level == Office.Level.REGENCY else None,
                province=region.parent if region.level == Office.Level.REGENCY else region,
            )
            partner.save()
            Contact.objects.create(
                partner=partner, name="Bagian Kerja Sama", position="Narahubung", phone="-"
            )
        partners.append(partner)
    flagged = Partner.objects.filter(name="Yayasan Suara Rakyat Ponorogo").first()
    if flagged is None:
        flagged = Partner(
            name="Yayasan Suara Rakyat Ponorogo",
            category="CIVIL_SOCIETY",
            registered_by=office_by_code("35.02"),
            is_affiliated=True,
            affiliation_explanation="Ketua yayasan tercatat sebagai pengurus partai politik.",
        )
        flagged.save()
    return partners
