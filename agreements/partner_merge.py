"""What a partner merge means for agreements: when both partners were parties of one
agreement, the retired partner's party row is removed (partners.services.partner_merge) and
the remaining parties are renumbered here; an unmerge puts the row back in its place."""

from django.db.models import F
from django.utils.translation import gettext as _

from core.activity import log_activity

from .models import Agreement, Party
from .search import refresh_search_document


def _touch(agreement_id: int) -> Agreement:
    """An edit form opened before the merge is stale now (optimistic lock)."""
    Agreement.objects.filter(pk=agreement_id).update(lock_version=F("lock_version") + 1)
    agreement = Agreement.objects.get(pk=agreement_id)
    refresh_search_document(agreement)
    return agreement


def parties_merged(*, rows: list[Party], survivor, retired, actor) -> None:
    """The removed party rows of `retired`: close the gap they left and log it on each
    agreement."""
    for row in rows:
        remaining = Party.objects.filter(agreement_id=row.agreement_id).order_by("position", "pk")
        for position, party in enumerate(remaining, start=1):
            if party.position != position:
                Party.objects.filter(pk=party.pk).update(position=position)
        log_activity(
            subject=_touch(row.agreement_id),
            action="party.merged",
            actor=actor,
            message=_(
                "%(retired)s digabung ke %(survivor)s di registri mitra. Keduanya pihak "
                "perjanjian ini: pihak %(survivor)s dipertahankan, pihak %(retired)s dihapus."
            )
            % {"retired": retired.name, "survivor": survivor.name},
            changes={"party": row.pk, "position": row.position, "partner": retired.pk},
        )


def parties_unmerged(*, rows: list[Party], actor) -> None:
    """Party rows put back by an unmerge: the parties after them move down one place."""
    for row in rows:
        later = Party.objects.filter(agreement_id=row.agreement_id, position__gte=row.position)
        later.exclude(pk=row.pk).update(position=F("position") + 1)
        log_activity(
            subject=_touch(row.agreement_id),
            action="party.unmerged",
            actor=actor,
            message=_("Penggabungan mitra dibatalkan: %(partner)s kembali menjadi pihak.")
            % {"partner": row.partner.name},
            changes={"party": row.pk, "position": row.position, "partner": row.partner_id},
        )
