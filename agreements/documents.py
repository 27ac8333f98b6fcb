"""The agreement as a PDF: its HTML in the official layout (DOMAIN.md, "Layout of an NK /
PKS"), and rendering it to a versioned row (AgreementDocument) by a Celery task.

The layout helpers return plain text (the templates autoescape it) and never raise on
missing data: blanks print as dotted lines, clause placeholders as "[… belum diisi]".

The database holds the pending work: a request makes a PENDING row and queues the task after
commit; the task claims the row (PENDING → RENDERING in one UPDATE) before it renders, so a
duplicate delivery does nothing; the beat sweep re-queues rows whose message was lost.
"""

import base64
import hashlib
import logging
import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import lru_cache, partial

from celery.exceptions import SoftTimeLimitExceeded
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max, Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.activity import log_activity
from core.idn import digits_date, long_date, number_in_words, opening_date
from core.pdf import html_to_pdf
from core.uploads import sniff_kind

from .access import can_write, require_write
from .checklist import agreement_checklist
from .models import Agreement, AgreementDocument, Kind, Party
from .party_names import kpu_party_names, office_address
from .placeholders import DOC_NAMES, fill_placeholders, placeholder_values
from .regulations import legal_basis_lines

logger = logging.getLogger(__name__)
Status = AgreementDocument.Status
State = Agreement.State

SIGNED_STATES = (State.SIGNED, State.TERMINATED)
STALE_PENDING = timedelta(minutes=2)
# Longer than CELERY_TASK_TIME_LIMIT (5 min): a render still running is never taken over.
STALE_RENDERING = timedelta(minutes=10)
MAX_ATTEMPTS = 3
# The render task's soft time limit (agreements.tasks): a render still going after this is
# stopped and the row says why. With the text caps a full agreement renders in seconds.
RENDER_TIME_LIMIT = 120
PANEL_ROWS = 6
# Initial boxes in every page's footer, one per party (many offices ask for them).
PARAF_BOXES = True
# Kinds whose partners sign over a meterai (UU 10/2020: agreements used as evidence).
METERAI_KINDS = {Kind.NK, Kind.PKS, Kind.ADDENDUM, Kind.OTHER}
DOTS = "…………………"
ROLES = ["PERTAMA", "KEDUA", "KETIGA", "KEEMPAT", "KELIMA", "KEENAM", "KETUJUH"]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII"]
AYAT = re.compile(r"^(\(\d+[a-z]?\))\s+(.*)$")
POINT = re.compile(r"^([a-z]{1,2}\.|\d{1,2}\.)\s+(.*)$")


# --- The document's content --------------------------------------------------------------


@dataclass
class DocParty:
    role: str  # "PIHAK PERTAMA"
    short: str  # "I", for the paraf box
    name: str  # the signatory
    title: str  # the signatory's office, "Rektor Universitas …"
    institution: str  # on whose behalf they act
    heading_name: str  # the party as named in the title block
    address: str
    number: str | None  # the NOMOR line; None when this party gives none
    logo: str  # data: URI
    meterai: bool

    @property
    def sign_title(self) -> str:
        """The title above the signature in capitals, an acting prefix kept as written:
        "Plt. SEKRETARIS KOMISI PEMILIHAN UMUM …"."""
        for prefix in ("Plt. ", "Plh. "):
            if self.title.startswith(prefix):
                return prefix + self.title.removeprefix(prefix).upper()
        return self.title.upper()


# Without an uploaded logo: for a KPU office the app's own neutral mark (the initials in a
# ring; not the KPU emblem, whose use the project cannot license), for a partner a blank one.
OFFICE_MARK = "img/office-mark.svg"
PARTNER_PLACEHOLDER = "img/logo-placeholder.svg"


@lru_cache(maxsize=2)
def _placeholder_logo(name: str = PARTNER_PLACEHOLDER) -> str:
    path = finders.find(name)
    with open(path, "rb") as handle:
        return "data:image/svg+xml;base64," + base64.b64encode(handle.read()).decode()


def _logo(field_file, default: str = PARTNER_PLACEHOLDER) -> str:
    """The uploaded logo as a data: URI (the PDF never fetches a URL), else `default`."""
    if not field_file:
        return _placeholder_logo(default)
    try:
        with field_file.open("rb") as handle:
            content = handle.read()
    except OSError:
        logger.warning("Logo %s is missing from storage", field_file.name)
        return _placeholder_logo(default)
    kind = sniff_kind(content[:16])
    if kind not in ("png", "jpg"):
        return _placeholder_logo(default)
    mime = "image/png" if kind == "png" else "image/jpeg"
    return f"data:{mime};base64,{base64.b64encode(content).decode()}"


def _one_line(text: str) -> str:
    return ", ".join(line.strip() for line in (text or "").splitlines() if line.strip())


def _kpu_party(agreement: Agreement) -> DocParty:
    office = agreement.office
    title, institution = kpu_party_names(agreement)
    return DocParty(
        role="PIHAK PERTAMA",
        short="I",
        name=agreement.kpu_signatory_name.strip() or DOTS,
        title=title,
        institution=institution,
        heading_name=institution,
        address=office_address(office),
        number=agreement.kpu_number or DOTS,
        logo=_logo(office.logo, OFFICE_MARK),
        meterai=False,
    )


def _partner_number(agreement: Agreement, index: int) -> str | None:
    signed = agreement.state in SIGNED_STATES
    if index == 0:
        if agreement.partner_number_none:
            return None
        return agreement.partner_number or DOTS
    # Only the first partner's number is recorded; the others write theirs by hand.
    return None if signed else DOTS


def _partner_party(agreement: Agreement, party: Party, index: int) -> DocParty:
    partner = party.partner
    # As written: "Kepala Kepolisian Resor Ponorogo", never composed from the partner's name.
    title = party.signatory_title.strip()
    region = partner.regency.region_name if partner.regency else ""
    return DocParty(
        role=f"PIHAK {ROLES[min(index + 1, len(ROLES) - 1)]}",
        short=ROMAN[min(index + 1, len(ROMAN) - 1)],
        name=party.signatory_name.strip() or DOTS,
        title=title or DOTS,
        institution=partner.name,
        heading_name=partner.name,
        address=_one_line(partner.address) or region or DOTS,
        number=_partner_number(agreement, index),
        logo=_logo(partner.logo),
        meterai=agreement.kind in METERAI_KINDS,
    )


def _blocks(text: str) -> list[dict]:
    """A clause's lines as ayat "(1) …", points "a. …" (inside an ayat or not) and plain
    paragraphs, each with its indentation level. The text stays text: autoescaped later."""
    blocks, in_ayat = [], False
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        if match := AYAT.match(line):
            in_ayat = True
            blocks.append({"kind": "ayat", "label": match[1], "text": match[2], "level": 1})
        elif match := POINT.match(line):
            level = 2 if in_ayat else 1
            blocks.append({"kind": "point", "label": match[1], "text": match[2], "level": level})
        else:
            blocks.append({"kind": "para", "label": "", "text": line, "level": int(in_ayat)})
    for block in blocks:
        block["lead"] = block["text"].endswith(":")
    return blocks


def _letters(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _considerations(agreement: Agreement, values: dict[str, str]) -> list[tuple[str, str]]:
    """The "bahwa …" items; a PKS under an NK and an addendum first cite what they build on."""
    items = []
    parent = agreement.parent
    if agreement.kind == Kind.PKS and parent is not None and parent.kind == Kind.NK:
        items.append(
            f"bahwa PARA PIHAK telah menandatangani {values['nk_reference']} tentang "
            f"{parent.title};"
        )
    if agreement.kind == Kind.ADDENDUM and parent is not None:
        items.append(
            f"bahwa PARA PIHAK telah menandatangani {values['perjanjian_induk']} tentang "
            f"{parent.title};"
        )
    items += agreement.consideration_items
    return [(f"{_letters(n)}.", text) for n, text in enumerate(items, start=1)]


def _role_list(parties: list[DocParty]) -> str:
    roles = [party.role for party in parties]
    if len(roles) <= 2:
        return " dan ".join(roles)
    return f"{', '.join(roles[:-1])}, dan {roles[-1]}"


def _opening(agreement: Agreement) -> str:
    place = agreement.signed_place or agreement.office.city or DOTS
    if agreement.signed_on:
        day = agreement.signed_on
        when = f"{opening_date(day)} ({digits_date(day)})"
    else:
        when = "….., tanggal ….., bulan ….., tahun ….. (…..)"
    return f"Pada hari ini {when}, bertempat di {place}, kami yang bertanda tangan di bawah ini:"


def _document_context(agreement: Agreement, *, final: bool, keeper: int | None = None) -> dict:
    """The template context of `agreement`'s document (`final`: the copy made at signing;
    `keeper`: the index of the party whose original this is, see _originals)."""
    values = placeholder_values(agreement)
    party_rows = sorted(agreement.parties.all(), key=lambda party: party.position)
    parties = [_kpu_party(agreement)] + [
        _partner_party(agreement, party, index) for index, party in enumerate(party_rows)
    ]
    parties = _originals(agreement, parties, keeper)
    clauses = list(agreement.clauses.all())
    doc_name = DOC_NAMES.get(agreement.kind, "Perjanjian")
    copies = len(parties)
    closing = None
    if not any(clause.key == "penutup" for clause in clauses):
        closing = (
            f"{doc_name} ini dibuat dalam rangkap {copies} ({number_in_words(copies)}), "
            "masing-masing bermeterai cukup dan mempunyai kekuatan hukum yang sama."
        )
    return {
        "agreement": agreement,
        "doc_name": doc_name,
        "parent_doc_name": DOC_NAMES.get(agreement.parent.kind) if agreement.parent else "",
        "parties": parties,
        "partners": parties[1:],
        "signature_rows": [parties[i : i + 2] for i in range(0, len(parties), 2)],
        "roles": _role_list(parties),
        "opening": _opening(agreement),
        "considerations": _considerations(agreement, values),
        "legal_basis": legal_basis_lines(agreement),
        "pasal": [
            (number, clause.heading, _blocks(fill_placeholders(clause.body, values)))
            for number, clause in enumerate(clauses, start=1)
        ],
        "closing": closing,
        "addendum": _addendum_context(agreement),
        "watermark": not final and agreement.state not in SIGNED_STATES,
        "retyped": not final and is_registered(agreement),
        "signed_long": long_date(agreement.signed_on) if agreement.signed_on else "",
        "paraf": PARAF_BOXES,
        "final": final,
        "original_for": parties[keeper].role if keeper is not None else "",
    }


def _originals(agreement: Agreement, parties: list[DocParty], keeper: int | None):
    """One original per party: the original a party keeps carries the meterai under the
    signatures of the other parties, who hand it over (UU 10/2020 practice). Without a
    keeper, the one shared text: a meterai under each partner's signature."""
    if keeper is None:
        return parties
    stamped = agreement.kind in METERAI_KINDS
    return [
        replace(party, meterai=stamped and index != keeper) for index, party in enumerate(parties)
    ]


def _addendum_context(agreement: Agreement) -> dict | None:
    """An addendum's ordinal and the numbers, date and subject of the agreement it amends."""
    parent = agreement.parent
    if agreement.kind != Kind.ADDENDUM or parent is None:
        return None
    from .addenda import addendum_number, ordinal_word

    numbers = [parent.kpu_number or DOTS]
    if parent.partner_number or not parent.partner_number_none:
        numbers.append(parent.partner_number or DOTS)
    return {
        "ordinal": ordinal_word(addendum_number(agreement)),
        "parent_numbers": numbers,
        "parent_signed": long_date(parent.signed_on) if parent.signed_on else "",
        "parent_title": parent.title,
    }


def _loaded(agreement_id: int) -> Agreement:
    """The agreement with everything the document shows, in a fixed number of queries."""
    return (
        Agreement.objects.select_related("office", "parent__office")
        .prefetch_related(
            Prefetch("parties", queryset=Party.objects.select_related("partner__regency")),
            "clauses",
        )
        .get(pk=agreement_id)
    )


def document_html(agreement: Agreement, *, final: bool, keeper: int | None = None) -> str:
    """The whole HTML document of `agreement` in its kind's layout (for core.pdf); missing
    data never raises, so a draft can be previewed before its checklist passes. With
    `keeper` (0 for PIHAK PERTAMA, 1 for PIHAK KEDUA …): the original that party keeps."""
    agreement = _loaded(agreement.pk)
    template = f"agreements/documents/{agreement.kind.lower()}.html"
    context = _document_context(agreement, final=final, keeper=keeper)
    # A legal text: always Indonesian, whatever language the requester reads the app in.
    with translation.override("id"):
        return render_to_string(template, context)


# --- Requesting and rendering -----------------------------------------------------------


def _queue(document_id: int) -> None:
    """Send the render to Celery; with the broker down the row stays PENDING for the sweep."""
    from .tasks import render_agreement_document  # tasks imports this module

    try:
        render_agreement_document.delay(document_id=document_id)
    except Exception:  # noqa: BLE001 — any broker failure: the sweep queues it again
        logger.exception("Could not queue agreement document %s; the sweep will", document_id)


@transaction.atomic
def final_from_scan(*, agreement: Agreement, scan, user) -> AgreementDocument:
    """The final copy of an agreement registered as signed outside the app: its uploaded
    signed scan, byte for byte (the registered text is the scan, never a rendering of today's
    template), stored READY with its checksum."""
    with scan.file.open("rb") as handle:
        content = handle.read()
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    last = locked.documents.aggregate(last=Max("version"))["last"] or 0
    now = timezone.now()
    document = AgreementDocument(
        agreement=locked,
        version=last + 1,
        is_final=True,
        status=Status.READY,
        sha256=hashlib.sha256(content).hexdigest(),
        requested_by=user if user.is_authenticated else None,
        started_at=now,
        finished_at=now,
    )
    extension = scan.file.name.rsplit(".", 1)[-1].lower() if "." in scan.file.name else "pdf"
    name = f"{locked.kind.lower()}-{locked.pk}-v{document.version}-pindaian.{extension}"
    document.file.save(name, ContentFile(content), save=False)
    document.full_clean()
    document.save()
    return document


def is_registered(agreement: Agreement) -> bool:
    """Signed outside the app and recorded afterwards: its text is its scan."""
    return agreement.registered_without_review and agreement.state in SIGNED_STATES


@transaction.atomic
def document_request(
    *, agreement: Agreement, user, final: bool = False, retyped: bool = False
) -> AgreementDocument:
    """Queue the next version of the agreement's PDF: a preview of a draft, a copy of a signed
    agreement, or (final=True, at signing) the final copy, made once and never changed.

    A final copy that failed is queued again under the same version; asking for an existing
    final copy returns it. A registered agreement's text is its scan: a document is rendered
    for it only when a "salinan ketik ulang" is asked for (`retyped`), and marked as such.
    """
    require_write(user, agreement)
    # The lock serialises version numbers of concurrent requests.
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if is_registered(locked) and not (retyped and not final):
        raise ValidationError(
            _(
                "Naskah perjanjian yang dicatat adalah pindaian yang ditandatangani. Yang dapat "
                "dibuat hanya salinan ketik ulang, yang ditandai demikian."
            )
        )
    if final:
        if locked.state not in SIGNED_STATES:
            raise ValidationError(_("Naskah final hanya dibuat untuk perjanjian yang sudah sah."))
        existing = locked.documents.filter(is_final=True).first()
        if existing is not None:
            if existing.status == Status.FAILED:
                AgreementDocument.objects.filter(pk=existing.pk, status=Status.FAILED).update(
                    status=Status.PENDING, error="", attempts=0, updated_at=timezone.now()
                )
                existing.refresh_from_db()
                transaction.on_commit(partial(_queue, existing.pk))
            return existing
    last = locked.documents.aggregate(last=Max("version"))["last"] or 0
    document = AgreementDocument(
        agreement=locked,
        version=last + 1,
        is_final=final,
        requested_by=user if user.is_authenticated else None,
    )
    document.full_clean()
    document.save()
    if not final:
        log_activity(
            subject=locked,
            action="document.requested",
            actor=user,
            message=_("Naskah PDF versi %(version)s diminta.") % {"version": document.version},
        )
    transaction.on_commit(partial(_queue, document.pk))
    return document


def _claim(document_id: int) -> datetime | None:
    """Take the row for this worker: PENDING, or RENDERING by a worker that died. One UPDATE,
    so of two deliveries of the same task only one renders. Returns the claim's time."""
    now = timezone.now()
    claimable = Q(status=Status.PENDING) | Q(
        status=Status.RENDERING, started_at__lt=now - STALE_RENDERING, attempts__lt=MAX_ATTEMPTS
    )
    claimed = AgreementDocument.objects.filter(claimable, pk=document_id).update(
        status=Status.RENDERING,
        started_at=now,
        finished_at=None,
        attempts=F("attempts") + 1,
        error="",
        updated_at=now,
    )
    return now if claimed else None


def _finish(document_id: int, started: datetime, **fields) -> bool:
    """Record the outcome, unless another worker has taken the row over since our claim."""
    now = timezone.now()
    return bool(
        AgreementDocument.objects.filter(
            pk=document_id, status=Status.RENDERING, started_at=started
        ).update(finished_at=now, updated_at=now, **fields)
    )


def _file_name(document: AgreementDocument) -> str:
    field = AgreementDocument._meta.get_field("file")
    return field.generate_filename(
        document,
        f"{document.agreement.kind.lower()}-{document.agreement_id}-v{document.version}.pdf",
    )


def document_render(*, document_id: int) -> AgreementDocument | None:
    """Render a queued document to PDF and store it (READY), or record the error (FAILED).

    Returns None when the row is gone or not claimable (done, failed, or being rendered).
    """
    started = _claim(document_id)
    if started is None:
        return None
    document = AgreementDocument.objects.select_related("agreement").get(pk=document_id)
    storage = document.file.storage
    try:
        pdf = html_to_pdf(document_html(document.agreement, final=document.is_final))
        name = storage.save(_file_name(document), ContentFile(pdf))
    except SoftTimeLimitExceeded:
        logger.warning("Rendering agreement document %s ran out of time", document_id)
        message = _(
            "Pembuatan naskah dihentikan karena melebihi %(seconds)s detik. Persingkat isi "
            "pasal atau pertimbangan, lalu buat ulang naskahnya."
        )
        _finish(
            document_id,
            started,
            status=Status.FAILED,
            error=message % {"seconds": RENDER_TIME_LIMIT},
        )
    except Exception as error:  # noqa: BLE001 — whatever broke, the row says so
        logger.exception("Rendering agreement document %s failed", document_id)
        _finish(
            document_id, started, status=Status.FAILED, error=f"{type(error).__name__}: {error}"
        )
    else:
        digest = hashlib.sha256(pdf).hexdigest()
        if not _finish(document_id, started, status=Status.READY, file=name, sha256=digest):
            storage.delete(name)
    document.refresh_from_db()
    return document


def documents_sweep() -> int:
    """Re-queue renders whose message or worker was lost: PENDING for over 2 minutes,
    RENDERING for over 10. A row that died MAX_ATTEMPTS times is marked FAILED instead."""
    now = timezone.now()
    stale_rendering = Q(status=Status.RENDERING, started_at__lt=now - STALE_RENDERING)
    AgreementDocument.objects.filter(stale_rendering, attempts__gte=MAX_ATTEMPTS).update(
        status=Status.FAILED,
        error=_("Pembuatan naskah terhenti %(n)s kali.") % {"n": MAX_ATTEMPTS},
        finished_at=now,
        updated_at=now,
    )
    stuck = AgreementDocument.objects.filter(
        Q(status=Status.PENDING, updated_at__lt=now - STALE_PENDING) | stale_rendering
    )
    ids = list(stuck.values_list("pk", flat=True))
    # The next sweep waits its turn again instead of re-queueing the same rows at once.
    AgreementDocument.objects.filter(pk__in=ids, status=Status.PENDING).update(updated_at=now)
    for document_id in ids:
        _queue(document_id)
    if ids:
        logger.info("Re-queued %s stuck agreement documents", len(ids))
    return len(ids)


# --- The panel on the agreement page -----------------------------------------------------


def document_panel_context(
    agreement: Agreement, user, *, documents: list | None = None, checklist: list | None = None
) -> dict:
    """What templates/agreements/documents/panel.html needs; a fixed number of queries.
    The agreement page passes the newest PANEL_ROWS documents and the checklist it has."""
    if documents is None:
        documents = list(agreement.documents.order_by("-is_final", "-version")[:PANEL_ROWS])
    writer = can_write(user, agreement)
    failing = []
    if writer and agreement.is_editable:
        if checklist is None:
            checklist = agreement_checklist(agreement)
        failing = [item for item in checklist if not item.ok]
    return {
        "agreement": agreement,
        "documents": documents,
        "working": any(document.is_working for document in documents),
        "can_request": writer,
        "is_signed": agreement.state in SIGNED_STATES,
        "is_registered": is_registered(agreement),
        "checklist_failures": failing,
    }
