"""Unfilled placeholders: text the drafter still has to replace before anything is signed.

One definition for the checklist, the services that refuse to submit, clear or sign, the
clause editor that highlights them and the draft preview. A placeholder is

- text in square brackets with at least one letter, as the templates write them
  ("[uraian kegiatan pertama]", "Pasal [nomor]") and as missing data prints
  ("[tanggal mulai belum diisi]");
- a "{{ … }}" left over from a copied text;
- a "{name}" the agreement has no value for (known ones are filled before looking).

Values are looked for in the text as it would print: clause bodies filled from the agreement.
"""

import re
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

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
    from .clauses import fill_placeholders, placeholder_values

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
