"""The text an agreement is found by: full-text search runs over Agreement.search_document."""

from .models import Agreement, Scope


def search_text(agreement: Agreement) -> str:
    """What identifies an agreement: subject, numbers, partners (names and abbreviations),
    scope, and the lines of its clauses that are its own (not the template's boilerplate)."""
    parts = [agreement.title, agreement.kpu_number, agreement.partner_number]
    for party in agreement.parties.select_related("partner"):
        parts += [party.partner.name, party.partner.short_name, party.signatory_name]
    parts += [str(Scope(value).label) for value in agreement.scope if value in Scope.values]
    boilerplate = set()
    if agreement.template_id:
        for body in agreement.template.items.values_list("body", flat=True):
            boilerplate |= {line.strip() for line in body.splitlines()}
    for body in agreement.clauses.values_list("body", flat=True):
        parts += [line for line in body.splitlines() if line.strip() not in boilerplate]
    return " ".join(part.strip() for part in parts if part and part.strip())


def refresh_search_document(agreement: Agreement) -> None:
    """Store the text full-text search runs over (its tsvector is a generated column)."""
    Agreement.objects.filter(pk=agreement.pk).update(search_document=search_text(agreement))
