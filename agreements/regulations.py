"""The regulations a draft cites in its legal basis ("Dengan memperhatikan peraturan
perundang-undangan …"): written into documents in the official citation form, in the order of
the hierarchy of laws (UU 12/2011 Pasal 7 and 8: Undang-Undang, Peraturan Pemerintah, Peraturan
Presiden, then the rules of ministries and commissions, then decisions); picking them for a
draft, and keeping the library (national admins). The Regulation row: models/regulations.py."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from core.activity import log_activity
from core.locking import check_lock_version

from .models import Regulation


def in_hierarchy_order(regulations) -> list[Regulation]:
    """Regulations in citation order: by hierarchy, then oldest first."""
    return sorted(regulations, key=lambda r: (r.rank, r.year, r.number.zfill(10)))


def legal_basis_lines(agreement) -> list[str]:
    """The legal basis a document prints: the picked regulations as citations in hierarchy
    order, then the agreement's own free lines."""
    picked = in_hierarchy_order(agreement.regulations.all())
    return [regulation.citation for regulation in picked] + agreement.legal_basis_items


@transaction.atomic
def agreement_set_regulations(*, agreement, user, regulations: list[Regulation]):
    """Set the regulations a draft cites; only while it can be edited."""
    if agreement.state not in (agreement.State.DRAFT, agreement.State.RETURNED):
        raise ValidationError(gettext("Dasar hukum hanya dapat diubah pada draf."))
    agreement.regulations.set(regulations)
    log_activity(
        subject=agreement,
        action="agreement.legal_basis_changed",
        actor=user,
        message=gettext("Dasar hukum dipilih: %(n)s peraturan.") % {"n": len(regulations)},
    )
    return agreement


@transaction.atomic
def regulation_save(*, regulation: Regulation, user, lock_version: int | None = None) -> Regulation:
    """Create or change a regulation of the library (national admins only, see views). A
    change made from a form opened before someone else saved the row is refused
    (`lock_version`)."""
    created = regulation.pk is None
    if not created:
        stored = Regulation.objects.select_for_update().get(pk=regulation.pk)
        check_lock_version(stored, lock_version)
        regulation.lock_version = stored.lock_version + 1
    regulation.full_clean()
    regulation.save()
    log_activity(
        subject=regulation,
        action="regulation.created" if created else "regulation.changed",
        actor=user,
        message=gettext("Peraturan %(name)s disimpan.") % {"name": regulation},
    )
    return regulation
