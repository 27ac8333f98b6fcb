"""The regulations library: the laws and rules a draft cites in its legal basis ("Dengan
memperhatikan peraturan perundang-undangan …"), kept once by national admins and written
into documents in the official citation form, in the order of the hierarchy of laws
(UU 12/2011 Pasal 7 and 8: Undang-Undang, Peraturan Pemerintah, Peraturan Presiden, then the
rules of ministries and commissions, then decisions)."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.activity import log_activity


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
        help_text=_("Mis. \u201csebagaimana telah diubah dengan …\u201d."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
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
def regulation_save(*, regulation: Regulation, user) -> Regulation:
    """Create or change a regulation of the library (national admins only, see views)."""
    created = regulation.pk is None
    regulation.full_clean()
    regulation.save()
    log_activity(
        subject=regulation,
        action="regulation.created" if created else "regulation.changed",
        actor=user,
        message=gettext("Peraturan %(name)s disimpan.") % {"name": regulation},
    )
    return regulation
