"""The regulations library: one row per law or rule a legal basis can cite, with its
gazette numbers, and its place in the hierarchy of laws (UU 12/2011 Pasal 7 and 8)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Regulation(models.Model):
    """One regulation with its gazette numbers and the amendments it is read with."""

    class Type(models.TextChoices):
        UU = "UU", "Undang-Undang"
        PERPPU = "PERPPU", "Peraturan Pemerintah Pengganti Undang-Undang"
        PP = "PP", "Peraturan Pemerintah"
        PERPRES = "PERPRES", "Peraturan Presiden"
        PERMENDAGRI = "PERMENDAGRI", "Peraturan Menteri Dalam Negeri"
        PKPU = "PKPU", "Peraturan Komisi Pemilihan Umum"
        KEPKPU = "KEPKPU", "Keputusan Komisi Pemilihan Umum"

    type = models.CharField(_("jenis"), max_length=12, choices=Type.choices)
    number = models.CharField(_("nomor"), max_length=40)
    year = models.PositiveSmallIntegerField(_("tahun"))
    title = models.CharField(_("tentang"), max_length=500)
    gazette_number = models.CharField(
        _("nomor Lembaran/Berita Negara"),
        max_length=20,
        blank=True,
        help_text=_("Kosongkan bila belum dipastikan."),
    )
    supplement_number = models.CharField(
        _("nomor Tambahan Lembaran Negara"), max_length=20, blank=True
    )
    amendment = models.TextField(
        _("perubahan"),
        blank=True,
        help_text=_("Mis. “sebagaimana telah diubah dengan …”."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    lock_version = models.PositiveIntegerField(default=1, editable=False)
    agreements = models.ManyToManyField(
        "agreements.Agreement", related_name="regulations", blank=True
    )

    class Meta:
        verbose_name = _("peraturan")
        verbose_name_plural = _("peraturan")
        ordering = ["year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["type", "number", "year"],
                name="regulation_unique",
                violation_error_message=_("Peraturan ini sudah ada di pustaka."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} Nomor {self.number} Tahun {self.year}"

    @property
    def rank(self) -> int:
        """Place in the hierarchy of laws: a lower rank is cited first."""
        return RANKS[self.type]

    @property
    def citation(self) -> str:
        """The regulation as a legal basis cites it, always in Indonesian."""
        text = f"{self} tentang {self.title}"
        gazette = self._gazette()
        if gazette:
            text += f" ({gazette})"
        if self.amendment.strip():
            text += " " + self.amendment.strip()
        return text

    def _gazette(self) -> str:
        if not self.gazette_number:
            return ""
        if self.type in STATE_GAZETTE:
            text = (
                f"Lembaran Negara Republik Indonesia Tahun {self.year} Nomor {self.gazette_number}"
            )
            if self.supplement_number:
                text += (
                    f", Tambahan Lembaran Negara Republik Indonesia Nomor {self.supplement_number}"
                )
            return text
        return f"Berita Negara Republik Indonesia Tahun {self.year} Nomor {self.gazette_number}"


RANKS = {
    Regulation.Type.UU: 1,
    Regulation.Type.PERPPU: 1,
    Regulation.Type.PP: 2,
    Regulation.Type.PERPRES: 3,
    Regulation.Type.PERMENDAGRI: 4,
    Regulation.Type.PKPU: 4,
    Regulation.Type.KEPKPU: 5,
}
# Laws and government regulations are published in the Lembaran Negara (with a Tambahan);
# ministers' and commissions' rules in the Berita Negara.
STATE_GAZETTE = {Regulation.Type.UU, Regulation.Type.PERPPU, Regulation.Type.PP}
