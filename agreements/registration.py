"""Agreements signed before or outside the app, recorded as signed without review (flagged
for auditors); their text is the signed scan."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.activity import log_activity
from core.figures import figures_changed
from offices.models import Office

from .documents import final_from_scan
from .models import Agreement
from .search import refresh_search_document
from .services import agreement_create, attach_signed_scan, signing_fields


@transaction.atomic
def agreement_register(
    *,
    user,
    office: Office,
    kind: str,
    title: str,
    kpu_number: str,
    signed_on: datetime.date,
    signed_place: str,
    partners: list[dict],
    partner_number: str = "",
    partner_number_none: bool = False,
    scan=None,
    **fields,
) -> Agreement:
    """Record an agreement signed outside the app: straight to SIGNED, flagged for auditors."""
    if not kpu_number.strip():
        raise ValidationError({"kpu_number": _("Isi nomor KPU yang tertera pada naskah.")})
    agreement = agreement_create(
        user=user, office=office, kind=kind, title=title, partners=partners, **fields
    )
    signing_fields(
        agreement,
        signed_on=signed_on,
        signed_place=signed_place,
        partner_number=partner_number,
        partner_number_none=partner_number_none,
    )
    agreement.kpu_number = kpu_number.strip()
    agreement.state = Agreement.State.SIGNED
    agreement.registered_without_review = True
    agreement.full_clean()
    agreement.save()
    signed_scan = attach_signed_scan(user=user, agreement=agreement, scan=scan)
    refresh_search_document(agreement)
    log_activity(
        subject=agreement,
        action="agreement.registered",
        actor=user,
        message=_("Dicatat sebagai sudah ditandatangani (tanpa verifikasi), nomor %(number)s.")
        % {"number": agreement.kpu_number},
    )
    # Its text is the signed scan: kept as the final copy, never rendered from a template.
    final_from_scan(agreement=agreement, scan=signed_scan, user=user)
    figures_changed()
    return agreement
