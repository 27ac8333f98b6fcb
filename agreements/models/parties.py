"""The partners in an agreement, each with its signatory and its place (PIHAK KEDUA …)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from partners.models import Partner

from .agreement import Agreement


class Party(models.Model):
    """A partner in an agreement, with its signatory; PIHAK KEDUA, KETIGA… by position."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    partner = models.ForeignKey(
        Partner, verbose_name=_("mitra"), on_delete=models.PROTECT, related_name="parties"
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=1)
    signatory_name = models.CharField(_("nama penanda tangan"), max_length=160, blank=True)
    signatory_title = models.CharField(_("jabatan penanda tangan"), max_length=160, blank=True)

    class Meta:
        verbose_name = _("pihak")
        verbose_name_plural = _("pihak")
        ordering = ["agreement", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "partner"],
                name="party_partner_once",
                violation_error_message=_("Mitra ini sudah menjadi pihak dalam perjanjian."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.role_label}: {self.partner}"

    @property
    def role_label(self) -> str:
        names = ["KEDUA", "KETIGA", "KEEMPAT", "KELIMA", "KEENAM"]
        return f"PIHAK {names[min(self.position, len(names)) - 1]}"

    @classmethod
    def partner_merge_dropped(cls, *, rows, survivor, retired, actor) -> None:
        """Called by partners.services.partner_merge after it removed these rows (both
        partners were parties of one agreement); see agreements.partner_merge."""
        from ..partner_merge import parties_merged

        parties_merged(rows=rows, survivor=survivor, retired=retired, actor=actor)

    @classmethod
    def partner_merge_restored(cls, *, rows, actor) -> None:
        """Called by partners.services.partner_unmerge after it put these rows back."""
        from ..partner_merge import parties_unmerged

        parties_unmerged(rows=rows, actor=actor)
