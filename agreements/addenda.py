"""Addenda as a legal drafter writes them: numbered by their order ("ADENDUM PERTAMA"),
citing the agreement they amend, and amending it by text: each changed Pasal is picked from
the parent's clauses and its new wording entered ("Ketentuan Pasal 7 … diubah sehingga
berbunyi sebagai berikut: …")."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.idn import number_in_words

from . import services
from .access import require_write
from .clauses import clause_add
from .models import Agreement, Clause, Kind
from .placeholders import DOC_NAMES


def ordinal_word(n: int) -> str:
    """1 → "Pertama", 2 → "Kedua", 11 → "Kesebelas"."""
    return "Pertama" if n == 1 else f"Ke{number_in_words(n)}".capitalize()


def addendum_number(addendum: Agreement) -> int:
    """The addendum's place among the parent's addenda that are not cancelled."""
    earlier = (
        Agreement.objects.filter(parent_id=addendum.parent_id, kind=Kind.ADDENDUM)
        .exclude(state=Agreement.State.CANCELLED)
        .filter(pk__lte=addendum.pk)
    )
    return max(earlier.count(), 1)


def amendment_text(*, parent: Agreement, number: int, heading: str, body: str) -> str:
    """The Pasal of the addendum that rewrites Pasal `number` of `parent`."""
    doc = DOC_NAMES.get(parent.kind, "Perjanjian")
    lines = [line.rstrip() for line in body.strip().splitlines()]
    return "\n".join(
        [
            f"Ketentuan Pasal {number} {doc} diubah sehingga berbunyi sebagai berikut:",
            f"Pasal {number}",
            heading,
            *lines,
        ]
    )


def addendum_amend_clause(*, user, addendum: Agreement, parent_clause: Clause, body: str):
    """Add to a draft addendum the Pasal that rewrites `parent_clause` (a clause of the
    agreement it amends) with the new wording `body`, after the addendum's "Perubahan"."""
    if addendum.kind != Kind.ADDENDUM or parent_clause.agreement_id != addendum.parent_id:
        raise ValidationError(_("Pilih pasal dari perjanjian yang diubah adendum ini."))
    if not body.strip():
        raise ValidationError({"body": _("Tuliskan rumusan baru pasal tersebut.")})
    parent_clauses = list(addendum.parent.clauses.order_by("position", "pk"))
    number = next(i for i, c in enumerate(parent_clauses, 1) if c.pk == parent_clause.pk)
    after = addendum.clauses.filter(key="perubahan").first()
    last_amendment = (
        addendum.clauses.filter(key__startswith="perubahan-pasal-").order_by("-position").first()
    )
    return clause_add(
        user=user,
        agreement=addendum,
        heading=f"Perubahan Pasal {number}",
        body=amendment_text(
            parent=addendum.parent, number=number, heading=parent_clause.heading, body=body
        ),
        after=last_amendment or after,
    )


@transaction.atomic
def addendum_create(
    *, user, parent: Agreement, title: str, extends_term: bool, **fields
) -> Agreement:
    """Draft an addendum of a signed agreement, with the same parties and signatories. It
    takes effect on the day it is signed (its start date is set then)."""
    require_write(user, parent)
    partners = [
        {
            "partner": party.partner,
            "signatory_name": party.signatory_name,
            "signatory_title": party.signatory_title,
        }
        for party in parent.parties.select_related("partner")
    ]
    fields.setdefault("divisi", parent.divisi)
    fields.setdefault("scope", list(parent.scope))
    fields.setdefault("kpu_signatory_name", parent.kpu_signatory_name)
    fields.setdefault("kpu_signatory_title", parent.kpu_signatory_title)
    fields.setdefault("kpu_signatory_acting", parent.kpu_signatory_acting)
    fields.setdefault("evaluation_frequency", parent.evaluation_frequency)
    return services.agreement_create(
        user=user,
        office=parent.office,
        kind=Kind.ADDENDUM,
        title=title,
        parent=parent,
        extends_term=extends_term,
        partners=partners,
        **fields,
    )
