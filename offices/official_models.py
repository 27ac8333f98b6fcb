"""Official: the register of an office's signing officials (imported in offices/models.py)."""

import datetime

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.validators import validate_date_range

validate_nip = RegexValidator(
    r"^\d{18}$", _("NIP terdiri atas 18 angka, mis. 198001012005011001."), code="nip"
)


class OfficialQuerySet(models.QuerySet):
    def for_user(self, user) -> "OfficialQuerySet":
        """The officials of the offices `user` may see."""
        from .models import scope_q

        return self.filter(scope_q(user, field="office"))

    def current(self, on: datetime.date) -> "OfficialQuerySet":
        """Officials in office on `on` (from ≤ on ≤ to, an open end counting as current)."""
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on), valid_from__lte=on)


class Official(TimeStampedModel):
    """A person holding a signing position of an office for a period: the Ketua, the
    Sekretaris, or another official, definitive or acting (Plt.) or standing in (Plh.)."""

    class Position(models.TextChoices):
        CHAIR = "KETUA", _("Ketua")
        SECRETARY = "SEKRETARIS", _("Sekretaris")
        OTHER = "OTHER", _("Pejabat lain")

    class Status(models.TextChoices):
        DEFINITIVE = "DEFINITIVE", _("Definitif")
        ACTING = "PLT", _("Pelaksana Tugas (Plt.)")
        STANDING_IN = "PLH", _("Pelaksana Harian (Plh.)")

    # How the status is printed before the title: "Plt. Sekretaris …".
    PREFIX = {Status.DEFINITIVE: "", Status.ACTING: "Plt. ", Status.STANDING_IN: "Plh. "}

    office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("kantor"),
        on_delete=models.CASCADE,
        related_name="officials",
    )
    position = models.CharField(_("kedudukan"), max_length=12, choices=Position.choices)
    jabatan = models.CharField(
        _("jabatan"),
        max_length=160,
        blank=True,
        help_text=_("Untuk pejabat lain, mis. Kepala Subbagian Hukum dan SDM."),
    )
    name = models.CharField(_("nama"), max_length=160)
    nip = models.CharField(_("NIP"), max_length=18, blank=True, validators=[validate_nip])
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DEFINITIVE
    )
    valid_from = models.DateField(_("berlaku sejak"), validators=[validate_date_range])
    lock_version = models.PositiveIntegerField(default=1, editable=False)
    valid_to = models.DateField(
        _("berlaku sampai"), null=True, blank=True, validators=[validate_date_range]
    )

    objects = OfficialQuerySet.as_manager()

    class Meta:
        verbose_name = _("pejabat")
        verbose_name_plural = _("pejabat")
        ordering = ["office", "position", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="official_period_ordered",
                violation_error_message=_("Tanggal akhir tidak boleh sebelum tanggal mulai."),
            ),
            models.CheckConstraint(
                condition=~Q(position="OTHER") | ~Q(jabatan=""),
                name="official_other_has_jabatan",
                violation_error_message=_("Tuliskan jabatan pejabat lain."),
            ),
        ]
        indexes = [models.Index(fields=["office", "position", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.name} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("offices:officials", args=[self.office_id])

    @property
    def title(self) -> str:
        """The position as printed, with its status: "Plt. Sekretaris"."""
        base = self.jabatan or self.get_position_display()
        return f"{self.PREFIX.get(self.status, '')}{base}"

    @property
    def prefix(self) -> str:
        return self.PREFIX.get(self.status, "")
