"""Agreements signed before or outside the app, recorded as signed without review (flagged
for auditors); their text is the signed scan, kept byte for byte as their final copy."""

import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.activity import log_activity
from core.figures import figures_changed
from offices.models import Office

from .models import Agreement, AgreementDocument
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
        status=AgreementDocument.Status.READY,
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
