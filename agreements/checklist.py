"""The materi muatan checklist: what a draft needs before it may be submitted."""

from dataclasses import asdict, dataclass

from django.utils.translation import gettext as _

from .models import Agreement, ClauseTemplateItem, Kind


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    ok: bool
    detail: str = ""


def required_clauses_of(agreement: Agreement) -> list[tuple[str, str]]:
    """The (key, heading) of each required Pasal of the agreement's template, in order."""
    if not agreement.template_id:
        return []
    return list(
        ClauseTemplateItem.objects.filter(template_id=agreement.template_id, required=True)
        .order_by("position")
        .values_list("key", "heading")
    )


def _required_clauses(required: list[tuple[str, str]], clause_keys: set[str]) -> Item:
    missing = [heading for key, heading in required if key not in clause_keys]
    return Item(
        "clauses",
        _("Pasal wajib lengkap"),
        not missing,
        _("Belum ada: %(list)s.") % {"list": ", ".join(missing)} if missing else "",
    )


def _parties(agreement: Agreement, parties) -> Item:
    problems = []
    if not agreement.kpu_signatory_name.strip():
        problems.append(_("nama penanda tangan KPU"))
    if not parties:
        problems.append(_("sedikitnya satu mitra"))
    for party in parties:
        if not party.signatory_name.strip() or not party.signatory_title.strip():
            problems.append(_("penanda tangan %(partner)s") % {"partner": party.partner.name})
    return Item(
        "parties",
        _("Para pihak dan penanda tangan lengkap"),
        not problems,
        _("Lengkapi: %(list)s.") % {"list": "; ".join(problems)} if problems else "",
    )


def _term(agreement: Agreement) -> Item:
    start, end = agreement.start_date, agreement.end_date
    if agreement.kind == Kind.ADDENDUM:
        # In force from its signing; an end date only when it extends the term.
        ok = not agreement.extends_term or end is not None
        detail = "" if ok else _("Isi tanggal berakhir yang baru.")
        return Item("term", _("Jangka waktu dinyatakan"), ok, detail)
    if not start or not end:
        return Item(
            "term", _("Jangka waktu dinyatakan"), False, _("Isi tanggal mulai dan berakhir.")
        )
    if end < start:
        return Item(
            "term", _("Jangka waktu dinyatakan"), False, _("Tanggal berakhir sebelum mulai.")
        )
    return Item("term", _("Jangka waktu dinyatakan"), True)


def _nk_budget(agreement: Agreement) -> Item | None:
    if agreement.kind != Kind.NK:
        return None
    ok = agreement.budget_source == Agreement.Budget.NONE and not agreement.budget_amount
    detail = "" if ok else _("Nota Kesepahaman tidak boleh memuat kewajiban pembiayaan.")
    return Item("nk_budget", _("NK tanpa kewajiban pembiayaan"), ok, detail)


def _within_nk(agreement: Agreement) -> Item | None:
    parent = agreement.parent
    if agreement.kind != Kind.PKS or parent is None:
        return None
    problems = []
    if parent.state != Agreement.State.SIGNED:
        problems.append(_("NK induk belum ditandatangani"))
    if agreement.start_date and parent.start_date and agreement.start_date < parent.start_date:
        problems.append(_("PKS mulai sebelum NK berlaku"))
    if agreement.end_date and parent.end_date and agreement.end_date > parent.end_date:
        problems.append(_("PKS berakhir setelah NK berakhir"))
    return Item(
        "within_nk",
        _("PKS berada dalam jangka waktu NK yang sudah ditandatangani"),
        not problems,
        "; ".join(problems),
    )


def _flagged_partners(agreement: Agreement, parties) -> Item | None:
    flagged = [p.partner.name for p in parties if p.partner.is_affiliated]
    if not flagged:
        return None
    ok = bool(agreement.affiliation_justification.strip())
    detail = (
        ""
        if ok
        else _("Mitra terafiliasi: %(list)s. Tulis justifikasinya.") % {"list": ", ".join(flagged)}
    )
    return Item("affiliation", _("Justifikasi tertulis untuk mitra terafiliasi"), ok, detail)


def _placeholders(agreement: Agreement, parties, clauses) -> Item:
    from .placeholders import agreement_unfilled

    found = agreement_unfilled(agreement, parties=parties, clauses=clauses)
    detail = "; ".join(str(item) for item in found)
    return Item("placeholders", _("Tidak ada isian yang belum diisi"), not found, detail)


def _scope(agreement: Agreement) -> Item:
    ok = bool(agreement.scope)
    return Item("scope", _("Ruang lingkup dipilih"), ok, "" if ok else _("Pilih sedikitnya satu."))


def agreement_checklist(
    agreement: Agreement,
    *,
    parties: list | None = None,
    clause_keys: set[str] | None = None,
    required: list[tuple[str, str]] | None = None,
    clauses: list | None = None,
) -> list[Item]:
    """Every rule of the materi muatan, passed or not, each failing one with its reason.

    A caller that has already read the parties (with partners), the clause keys or the
    template's required Pasal (see `required_clauses_of`) or the clauses in order passes
    them; the rest is read here.
    """
    if parties is None:
        parties = list(agreement.parties.select_related("partner").order_by("position"))
    if clauses is None:
        clauses = list(agreement.clauses.order_by("position", "pk"))
    if clause_keys is None:
        clause_keys = {clause.key for clause in clauses}
    if required is None:
        required = required_clauses_of(agreement)
    items = [
        _required_clauses(required, clause_keys),
        _parties(agreement, parties),
        _term(agreement),
        _nk_budget(agreement),
        _within_nk(agreement),
        _flagged_partners(agreement, parties),
        _scope(agreement),
        _placeholders(agreement, parties, clauses),
    ]
    return [item for item in items if item is not None]


def checklist_passes(items: list[Item]) -> bool:
    return all(item.ok for item in items)


def checklist_snapshot(items: list[Item]) -> list[dict]:
    """The checklist as JSON for a review row."""
    return [asdict(item) for item in items]
