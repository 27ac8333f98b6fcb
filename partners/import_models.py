"""PartnerImport: one uploaded Excel file on its way into the registry (imported in models.py)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.uploads import private_files
from offices.models import Office, scope_q


class PartnerImportQuerySet(models.QuerySet):
    def for_user(self, user) -> "PartnerImportQuerySet":
        """Imports of the offices in the user's scope (their own and the ones below)."""
        return self.filter(scope_q(user, field="office"))


class PartnerImport(TimeStampedModel):
    """An xlsx of partners: validated row by row, then imported all-or-nothing."""

    class Status(models.TextChoices):
        PENDING = "PENDING", _("Menunggu pemeriksaan")
        VALIDATING = "VALIDATING", _("Sedang diperiksa")
        INVALID = "INVALID", _("Ada kesalahan")
        READY = "READY", _("Siap diimpor")
        IMPORTING = "IMPORTING", _("Sedang diimpor")
        DONE = "DONE", _("Selesai")
        FAILED = "FAILED", _("Gagal")

    WORKING = (Status.PENDING, Status.VALIDATING, Status.IMPORTING)

    office = models.ForeignKey(
        Office,
        verbose_name=_("kantor pendaftar"),
        on_delete=models.PROTECT,
        related_name="partner_imports",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dikonfirmasi oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file = models.FileField(_("berkas"), storage=private_files, upload_to="partners/imports/")
    original_filename = models.CharField(_("nama berkas asli"), max_length=255)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    total_rows = models.PositiveIntegerField(_("jumlah baris"), default=0)
    processed_rows = models.PositiveIntegerField(_("baris diperiksa"), default=0)
    errors = models.JSONField(_("kesalahan"), default=list, blank=True)
    preview = models.JSONField(_("pratinjau"), default=list, blank=True)
    message = models.TextField(_("keterangan"), blank=True)
    created_count = models.PositiveIntegerField(_("mitra dibuat"), default=0)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    objects = PartnerImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("impor mitra")
        verbose_name_plural = _("impor mitra")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["office", "-created_at"]),
            # The sweep looks for rows stuck in a working status.
            models.Index(fields=["status", "updated_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.original_filename} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("partners:import-detail", args=[self.pk])

    @property
    def is_working(self) -> bool:
        """Still being checked or imported: the page keeps polling."""
        return self.status in self.WORKING
