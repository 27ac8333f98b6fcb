"""The partner parties of a draft: adding and removing them (PIHAK KEDUA, KETIGA, …)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.activity import log_activity
from core.locking import bump_lock_version
from partners.models import Partner

from .access import require_write
from .models import Agreement, Party
from .search import refresh_search_document


@transaction.atomic
def party_add(
    *, user, agreement: Agreement, partner: Partner, signatory_name: str, signatory_title: str
) -> Party:
    require_write(user, agreement)
    if not agreement.is_editable:
        raise ValidationError(_("Para pihak hanya dapat diubah pada draf."))
    if partner.is_retired:
        raise ValidationError(_("Mitra ini sudah digabung ke mitra lain; pilih mitra yang aktif."))
    position = agreement.parties.count() + 1
    party = Party(
        agreement=agreement,
        partner=partner,
        position=position,
        signatory_name=signatory_name,
        signatory_title=signatory_title,
    )
    party.full_clean()
    party.save()
    bump_lock_version(agreement)
    refresh_search_document(agreement)
    log_activity(
        subject=agreement,
        action="party.added",
        actor=user,
        message=_("%(role)s: %(partner)s.") % {"role": party.role_label, "partner": partner.name},
    )
    return party


@transaction.atomic
def party_remove(*, user, party: Party) -> None:
    agreement = party.agreement
    require_write(user, agreement)
    if not agreement.is_editable:
        raise ValidationError(_("Para pihak hanya dapat diubah pada draf."))
    party.delete()
    for position, remaining in enumerate(agreement.parties.order_by("position"), start=1):
        if remaining.position != position:
            Party.objects.filter(pk=remaining.pk).update(position=position)
    bump_lock_version(agreement)
    refresh_search_document(agreement)
    log_activity(
        subject=agreement,
        action="party.removed",
        actor=user,
        message=_("%(partner)s bukan lagi pihak.") % {"partner": party.partner.name},
    )
