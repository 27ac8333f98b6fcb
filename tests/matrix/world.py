"""The data the URL matrix requests against: the personas, and on each side — KPU Kabupaten
Ponorogo ("pon") and KPU Kabupaten Sleman ("sle") — one of everything a URL can point at.

Objects are made straight through the ORM (their lifecycles are tested elsewhere) with real
files behind the downloads. Each side's agreement titles and notification titles carry a
marker string, so a page that shows one to a persona outside that side's scope is caught.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile

from agreements.clauses import current_template
from agreements.models import (
    Agreement,
    AgreementDocument,
    Attachment,
    Clause,
    Kind,
    Party,
    Regulation,
)
from evaluations.instruments import current_instrument
from evaluations.models import Activity, Evaluation, Evidence, Report
from evaluations.render_models import ReportRender
from evaluations.selectors import last_ended_semester, office_today
from notifications.models import Notification
from offices.models import Membership, Office, Official
from partners.import_models import PartnerImport
from partners.models import Contact, Partner
from partners.services import partner_merge
from reviews.models import Review
from tests.factories import member
from tests.files import PDF, PNG

Role = Membership.Role
DAY = datetime.timedelta(days=1)

# (column, username, office code, role); the column names the persona in expected.csv.
PERSONAS = [
    ("op.pon", "operator.ponorogo", "35.02", Role.OPERATOR),
    ("rev.pon", "verifikator.ponorogo", "35.02", Role.REVIEWER),
    ("kom.pon", "komisioner.ponorogo", "35.02", Role.COMMISSIONER),
    ("adm.pon", "admin.ponorogo", "35.02", Role.ADMIN),
    ("op.jatim", "operator.jatim", "35", Role.OPERATOR),
    ("rev.jatim", "verifikator.jatim", "35", Role.REVIEWER),
    ("kom.jatim", "komisioner.jatim", "35", Role.COMMISSIONER),
    ("adm.jatim", "admin.jatim", "35", Role.ADMIN),
    ("op.ri", "operator.ri", "", Role.OPERATOR),
    ("rev.ri", "verifikator.ri", "", Role.REVIEWER),
    ("kom.ri", "komisioner.ri", "", Role.COMMISSIONER),
    ("adm.ri", "admin.ri", "", Role.ADMIN),
    ("op.sle", "operator.sleman", "34.04", Role.OPERATOR),
]
COLUMNS = ["anon", *(column for column, *_ in PERSONAS)]
# Who may see each side's objects: its own office, the province above it, KPU RI.
SEES = {
    "pon": {c for c in COLUMNS if c.endswith((".pon", ".jatim", ".ri"))},
    "sle": {"op.sle", "op.ri", "rev.ri", "kom.ri", "adm.ri"},
}
SIDES = {"pon": ("35.02", "op.pon"), "sle": ("34.04", "op.sle")}


@dataclass
class Side:
    """One office's objects, by the name URL parameters are filled from."""

    name: str
    objects: dict = field(default_factory=dict)
    marker: str = ""  # in its agreement titles: seen only by those in SEES[name]
    message: str = ""  # in its notification's title: seen only by its recipient


def _agreement(office: Office, title: str, user, **fields) -> Agreement:
    return Agreement.objects.create(
        office=office,
        kind=fields.pop("kind", "PKS"),
        title=title,
        divisi=Agreement.Divisi.PARTICIPATION,
        scope=["VOTER_EDUCATION"],
        start_date=fields.pop("start_date", datetime.date(2025, 9, 11)),
        end_date=fields.pop("end_date", datetime.date(2027, 9, 10)),
        created_by=user,
        **fields,
    )


def _file(record, field_name: str, name: str, content: bytes, **extra) -> None:
    getattr(record, field_name).save(name, ContentFile(content), save=False)
    for key, value in extra.items():
        setattr(record, key, value)


def _agreements(side: Side, office: Office, operator, partner: Partner) -> None:
    marker = side.marker
    draft = _agreement(office, f"Draf kerja sama {marker}", operator)
    cleared = _agreement(office, f"Siap ditandatangani {marker}", operator, state="CLEARED")
    submitted = _agreement(office, f"Menunggu verifikasi {marker}", operator, state="SUBMITTED")
    signed = _agreement(
        office,
        f"NK berlaku {marker}",
        operator,
        kind="NK",
        state="SIGNED",
        signed_on=datetime.date(2025, 9, 11),
        kpu_number=f"1/HK.05.1-NK/{office.code.replace('.', '')}/2025",
        end_date=datetime.date(2030, 9, 10),
    )
    party = Party.objects.create(
        agreement=draft, partner=partner, position=1, signatory_name="Dr. Pimpinan Mitra"
    )
    for agreement in (cleared, submitted, signed):
        Party.objects.create(agreement=agreement, partner=partner, position=1)
    clause = Clause.objects.create(
        agreement=draft, position=1, heading="Maksud dan Tujuan", body="Para pihak sepakat."
    )
    attachment = Attachment(agreement=draft, kind="DRAFT", original_name="draf.pdf")
    _file(attachment, "file", "draf.pdf", PDF, size=len(PDF), sha256="0" * 64)
    attachment.uploaded_by = operator
    attachment.save()
    document = AgreementDocument(agreement=draft, version=1, status="READY")
    _file(document, "file", "naskah.pdf", PDF, sha256="0" * 64)
    document.save()
    side.objects.update(
        draft=draft,
        cleared=cleared,
        submitted=submitted,
        signed=signed,
        party=party,
        clause=clause,
        attachment=attachment,
        document=document,
    )


def _evaluations(side: Side, office: Office, operator) -> None:
    signed = side.objects["signed"]
    period = last_ended_semester(office_today(office))
    evaluation = Evaluation.objects.create(
        agreement=signed,
        instrument=current_instrument(),
        year=period.year,
        semester=period.semester,
        period_start=period.start,
        period_end=period.end,
        due_date=period.end + 30 * DAY,
    )
    activity = Activity.objects.create(
        evaluation=evaluation, date=period.start + DAY, description="Sosialisasi", place="Aula"
    )
    evidence = Evidence(activity=activity, original_name="foto.png", uploaded_by=operator)
    _file(evidence, "file", "foto.png", PNG, size=len(PNG), sha256="0" * 64)
    evidence.save()
    report = Report(
        office=office,
        year=period.year,
        semester=period.semester,
        status="READY",
        submitted_by=operator,
        submitted_at=datetime.datetime.combine(period.end + DAY, datetime.time(9), datetime.UTC),
    )
    _file(report, "pdf", "laporan.pdf", PDF)
    report.save()
    render = ReportRender(office=office, year=period.year, semester=period.semester, status="READY")
    _file(render, "pdf", "laporan-render.pdf", PDF)
    render.save()
    side.objects.update(
        evaluation=evaluation,
        activity=activity,
        evidence=evidence,
        report=report,
        report_render=render,
        year=period.year,
        semester=period.semester,
    )


def _partners(side: Side, office: Office, operator, national_admin) -> Partner:
    partner = Partner(
        name=f"Universitas Mitra {side.name.upper()}",
        category=Partner.Category.UNIVERSITY,
        registered_by=office,
        leader_title="Rektor",
    )
    _file(partner, "independence_statement", "pernyataan.pdf", PDF)
    partner.save()
    duplicate = Partner.objects.create(
        name=f"Universitas Mitra {side.name.upper()} (ganda)",
        category=Partner.Category.UNIVERSITY,
        registered_by=office,
    )
    contact = Contact.objects.create(partner=partner, name="Narahubung Mitra")
    merge_log = partner_merge(actor=national_admin, survivor=partner, retired=duplicate)
    partner_import = PartnerImport(
        office=office, requested_by=operator, original_filename="mitra.xlsx", status="INVALID"
    )
    _file(partner_import, "file", "mitra.xlsx", b"PK\x03\x04")
    partner_import.save()
    side.objects.update(
        partner=partner, contact=contact, merge_log=merge_log, partner_import=partner_import
    )
    return partner


def _people_and_messages(side: Side, office: Office, recipient) -> None:
    staff = member(f"staf.{side.name}", office.code, Role.OPERATOR)
    notification = Notification.objects.create(
        recipient=recipient,
        kind=Notification.Kind.GENERAL,
        title=f"Pesan untuk penerimanya saja {side.message}",
        url=side.objects["draft"].get_absolute_url(),
        content_type=ContentType.objects.get_for_model(Agreement),
        object_id=side.objects["draft"].pk,
        office=office,
    )
    review = Review.objects.create(
        content_type=ContentType.objects.get_for_model(Agreement),
        object_id=side.objects["submitted"].pk,
        office=office.parent,
        submitted_from=office,
        submitted_by=recipient,
        round=1,
        step=1,
        subject_kind="PKS",
        subject_title=side.objects["submitted"].title,
    )
    side.objects.update(
        office=office,
        user=staff,
        membership=Membership.objects.get(user=staff),
        notification=notification,
        review=review,
        kind="PKS",
    )
    _officials(side, office)


def _officials(side: Side, office: Office) -> None:
    side.objects["official"] = Official.objects.create(
        office=office,
        position=Official.Position.CHAIR,
        name=f"Ketua {office.name}",
        valid_from=datetime.date(2024, 1, 1),
    )


def _shared(sides: dict[str, Side]) -> None:
    """Objects of no office (the regulations library): the same on both sides."""
    regulation = Regulation.objects.create(
        type=Regulation.Type.PKPU, number="999", year=2024, title="Peraturan untuk uji matriks"
    )
    for side in sides.values():
        side.objects["regulation"] = regulation


def build() -> tuple[dict, dict[str, Side]]:
    """The personas (column → user) and both sides' objects."""
    users = {column: member(username, code, role) for column, username, code, role in PERSONAS}
    for kind in Kind.values:  # made on first use otherwise, by whichever request comes first
        current_template(kind)
    sides = {}
    for name, (code, operator_column) in SIDES.items():
        side = Side(name, marker=f"PENANDA-{name.upper()}-7Q", message=f"PESAN-{name.upper()}-3K")
        office = Office.objects.get(code=code)
        operator = users[operator_column]
        partner = _partners(side, office, operator, users["adm.ri"])
        _agreements(side, office, operator, partner)
        _evaluations(side, office, operator)
        _people_and_messages(side, office, operator)
        sides[name] = side
    _shared(sides)
    return users, sides
