"""The agreement's text as HTML in the official layout (DOMAIN.md, "Layout of an NK / PKS"),
for core.pdf: the parties with their signatories, logos and meterai, the "bahwa …" items and the
legal basis, the Pasal as ayat and points, what an addendum amends, and the original each party
keeps (one per party, the meterai under the other parties' signatures).

The layout helpers return plain text (the templates autoescape it) and never raise on
missing data: blanks print as dotted lines, clause placeholders as "[… belum diisi]".
"""

import base64
import logging
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from django.contrib.staticfiles import finders
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import translation

from core.idn import digits_date, long_date, number_in_words, opening_date
from core.uploads import sniff_kind

from .models import Agreement, Kind, Party
from .party_names import kpu_party_names, office_address
from .placeholders import DOC_NAMES, fill_placeholders, placeholder_values
from .regulations import legal_basis_lines

logger = logging.getLogger(__name__)
State = Agreement.State

SIGNED_STATES = Agreement.SIGNED_STATES
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


def is_registered(agreement: Agreement) -> bool:
    """Signed outside the app and recorded afterwards: its text is its scan."""
    return agreement.registered_without_review and agreement.state in SIGNED_STATES
