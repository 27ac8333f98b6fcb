"""Placeholders: the values a clause's {placeholders} stand for, and unfilled placeholders,
text the drafter still has to replace before anything is signed.

One definition for the checklist, the services that refuse to submit, clear or sign, the
clause editor that highlights them and the draft preview. A placeholder is

- text in square brackets with at least one letter, as the templates write them
  ("[uraian kegiatan pertama]", "Pasal [nomor]") and as missing data prints
  ("[tanggal mulai belum diisi]");
- a "{{ … }}" left over from a copied text;
- a "{name}" the agreement has no value for (known ones are filled before looking).

Values are looked for in the text as it would print: clause bodies filled from the agreement.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.idn import long_date, number_in_words, rupiah_in_words, term_words

from .models import Agreement, Kind
from .party_names import kpu_party_names

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# Names of documents as they are cited inside a document: always Indonesian.
DOC_NAMES = {
    Kind.NK: "Nota Kesepahaman",
    Kind.PKS: "Perjanjian Kerja Sama",
    Kind.ADDENDUM: "Adendum",
    Kind.OTHER: "Perjanjian",
}
FREQUENCIES = {
    Agreement.Frequency.SEMESTER: "setiap semester",
    Agreement.Frequency.YEAR: "setiap tahun",
}
NO_NK = (
    "kesepakatan PARA PIHAK sesuai dengan tugas, fungsi, dan kewenangan masing-masing, "
    "tanpa didahului Nota Kesepahaman"
)
MISSING_START = "[tanggal mulai belum diisi]"
MISSING_END = "[tanggal berakhir belum diisi]"
MISSING_TERM = "[jangka waktu belum diisi]"
MISSING_PARTNER = "[pihak kedua belum diisi]"
MISSING_NUMBER = "[nomor belum diisi]"
MISSING_SIGNED_ON = "[tanggal penandatanganan belum diisi]"
MISSING_PARENT = "[perjanjian induk belum dipilih]"
# A date written by hand or filled in at signing, not a placeholder for the drafter.
DOTS = "……………"


UNFILLED = re.compile(r"\[[^\[\]\n]*[^\W\d_][^\[\]\n]*\]|\{\{[^{}\n]*\}\}|\{[a-z_]+\}")


@dataclass(frozen=True)
class Unfilled:
    """Where placeholders remain ("Pasal 3 (Ruang Lingkup)", "Pertimbangan") and which."""

    where: str
    placeholders: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.where}: {', '.join(self.placeholders)}"


def placeholders_in(text: str) -> list[str]:
    """The placeholders of `text`, each once, in order of appearance."""
    return list(dict.fromkeys(match.group(0) for match in UNFILLED.finditer(text or "")))


def _found(where: str, *texts: str) -> Unfilled | None:
    found = placeholders_in("\n".join(text or "" for text in texts))
    return Unfilled(where, tuple(found)) if found else None


def agreement_unfilled(agreement, *, parties=None, clauses=None) -> list[Unfilled]:
    """Every text of `agreement` that reaches its document and still holds a placeholder:
    the subject, the signatories, the considerations, the legal basis and each Pasal (filled
    from the agreement's data). Callers that have read the parties or clauses pass them."""
    if parties is None:
        parties = list(agreement.parties.select_related("partner").order_by("position"))
    if clauses is None:
        clauses = list(agreement.clauses.order_by("position", "pk"))
    values = placeholder_values(agreement)
    candidates = [
        _found(_("Judul (tentang)"), agreement.title),
        _found(_("Penanda tangan KPU"), agreement.kpu_signatory_name),
        *(
            _found(
                _("Penanda tangan %(partner)s") % {"partner": party.partner.name},
                party.signatory_name,
                party.signatory_title,
            )
            for party in parties
        ),
        _found(_("Pertimbangan"), agreement.considerations),
        _found(_("Dasar hukum"), agreement.legal_basis),
    ]
    for number, clause in enumerate(clauses, start=1):
        where = _("Pasal %(n)s (%(heading)s)") % {"n": number, "heading": clause.heading}
        candidates.append(
            _found(where, clause.heading, fill_placeholders(clause.body or "", values))
        )
    return [found for found in candidates if found is not None]


def unfilled_message(found: list[Unfilled]) -> str:
    """The refusal naming each place and its placeholders."""
    return _("Masih ada isian yang belum diisi: %(list)s.") % {
        "list": "; ".join(str(item) for item in found)
    }


def mark_placeholders(text: str) -> SafeString:
    """`text` escaped, each placeholder wrapped in <mark class="placeholder">."""
    text = text or ""
    pieces, last = [], 0
    for match in UNFILLED.finditer(text):
        pieces.append(
            format_html(
                '{}<mark class="placeholder">{}</mark>', text[last : match.start()], match.group(0)
            )
        )
        last = match.end()
    pieces.append(format_html("{}", text[last:]))
    return format_html_join("", "{}", ((piece,) for piece in pieces))


# --- The values of an agreement's placeholders ------------------------------------------


def term_length(start: datetime.date, end: datetime.date) -> str:
    """The term in words, years and months ("1 (satu) tahun 6 (enam) bulan"; core.idn)."""
    return term_words(start, end)


def _parties(agreement: Agreement) -> list:
    """The agreement's parties in order, from the prefetch cache when there is one."""
    if agreement.pk is None:
        return []
    if "parties" in getattr(agreement, "_prefetched_objects_cache", {}):
        return sorted(agreement.parties.all(), key=lambda party: party.position)
    return list(agreement.parties.select_related("partner").order_by("position"))


def _reference(agreement: Agreement) -> str:
    """How a signed agreement is cited: kind, parties, both numbers and the signing date."""
    parties = _parties(agreement)
    partner = parties[0].partner.name if parties else MISSING_PARTNER
    text = (
        f"{DOC_NAMES.get(agreement.kind, 'Perjanjian')} antara {kpu_party_names(agreement)[1]} "
        f"dan {partner} Nomor {agreement.kpu_number or MISSING_NUMBER}"
    )
    if agreement.partner_number or not agreement.partner_number_none:
        text += f" dan Nomor {agreement.partner_number or MISSING_NUMBER}"
    signed_on = long_date(agreement.signed_on) if agreement.signed_on else MISSING_SIGNED_ON
    return f"{text} tanggal {signed_on}"


def _budget(agreement: Agreement) -> str:
    if not agreement.budget_amount:
        return "tanpa pembiayaan"
    try:
        return rupiah_in_words(agreement.budget_amount)
    except ValueError:
        return "tanpa pembiayaan"


def _extension(agreement: Agreement, parent: Agreement | None) -> str:
    """The addendum's extension ayat, only when it extends its agreement's term."""
    if agreement.kind != Kind.ADDENDUM or not agreement.extends_term:
        return ""
    end = long_date(agreement.end_date) if agreement.end_date else MISSING_END
    longer = ""
    ends = parent.end_date if parent is not None else None
    if ends and agreement.end_date and agreement.end_date > ends:
        extra = term_words(ends + datetime.timedelta(days=1), agreement.end_date)
        longer = f" selama {extra}"
    return (
        f"(2) Jangka waktu Perjanjian Induk diperpanjang{longer}, sehingga Perjanjian Induk "
        f"berlaku sampai dengan tanggal {end}."
    )


def placeholder_values(agreement: Agreement) -> dict[str, str]:
    """The text each {placeholder} of a clause stands for in `agreement`; never raises."""
    start, end = agreement.start_date, agreement.end_date
    parties = _parties(agreement)
    parent = agreement.parent if agreement.parent_id else None
    copies = max(len(parties), 1) + 1
    return {
        "jangka_waktu": term_length(start, end) if start and end and end >= start else MISSING_TERM,
        "tanggal_mulai": long_date(start) if start else MISSING_START,
        "tanggal_berakhir": long_date(end) if end else MISSING_END,
        "pihak_pertama": kpu_party_names(agreement)[1],
        "pihak_kedua": parties[0].partner.name if parties else MISSING_PARTNER,
        "frekuensi_evaluasi": FREQUENCIES.get(agreement.evaluation_frequency, "secara berkala"),
        "nilai_pembiayaan": _budget(agreement),
        "nk_reference": (
            _reference(parent)
            if parent is not None and agreement.kind == Kind.PKS and parent.kind == Kind.NK
            else NO_NK
        ),
        "perjanjian_induk": _reference(parent) if parent is not None else MISSING_PARENT,
        "jumlah_rangkap": f"{copies} ({number_in_words(copies)})",
        # Filled in when signing: an addendum takes effect on the day it is signed.
        "tanggal_penandatanganan": long_date(agreement.signed_on) if agreement.signed_on else DOTS,
        "ayat_perpanjangan": _extension(agreement, parent),
    }


def fill_placeholders(body: str, values: dict[str, str]) -> str:
    """Replace the known {placeholders}; unknown ones stay as written."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), body)


def render_clause_body(body: str, agreement: Agreement) -> str:
    """A clause's text with the agreement's values filled in (plain text, not HTML)."""
    return fill_placeholders(body, placeholder_values(agreement))
