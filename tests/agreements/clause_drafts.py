"""Drafts started from the current clause template of their kind, as the clause editor, the
template and the placeholder tests use them."""

import datetime

from agreements import clauses
from agreements.models import Agreement, Party


def from_template(office, user, kind="NK", **extra) -> Agreement:
    """A "Pendidikan Pemilih bagi Mahasiswa" agreement of `office`, 11 September 2025 to
    10 September 2030, with the Pasal of its kind's current template."""
    agreement = Agreement.objects.create(
        office=office,
        kind=kind,
        title="Pendidikan Pemilih bagi Mahasiswa",
        divisi="PARTICIPATION",
        start_date=datetime.date(2025, 9, 11),
        end_date=datetime.date(2030, 9, 10),
        created_by=user,
        template=clauses.current_template(kind),
        **extra,
    )
    clauses.clauses_from_template(agreement=agreement, template=agreement.template)
    return agreement


def with_partner(office, user, partner) -> Agreement:
    """An NK started from the template with `partner` as PIHAK KEDUA."""
    agreement = from_template(office, user)
    Party.objects.create(agreement=agreement, partner=partner, position=1)
    return agreement


def headings(agreement: Agreement) -> list[str]:
    return list(agreement.clauses.order_by("position").values_list("heading", flat=True))
