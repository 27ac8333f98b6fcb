"""AgreementDocument: one rendering of an agreement's text as PDF, versioned; the final copy."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.uploads import private_files


class AgreementDocument(TimeStampedModel):
    """A versioned PDF of an agreement; the copy made at signing (is_final) never changes."""

    class Status(models.TextChoices):
        PENDING = "PENDING", _("Menunggu antrean")
        RENDERING = "RENDERING", _("Sedang dibuat")
        READY = "READY", _("Siap diunduh")
        FAILED = "FAILED", _("Gagal dibuat")

    WORKING = (Status.PENDING, Status.RENDERING)

    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("kerja sama"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    version = models.PositiveIntegerField(_("versi"))
    is_final = models.BooleanField(
        _("naskah final"), default=False, help_text=_("Dibuat saat penandatanganan; tidak berubah.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    file = models.FileField(
        _("berkas"), storage=private_files, upload_to="agreements/documents/%Y/", blank=True
    )
    sha256 = models.CharField(max_length=64, blank=True)
    error = models.TextField(_("kesalahan"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diminta oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("mulai dibuat"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)

    class Meta:
        verbose_name = _("naskah PDF")
        verbose_name_plural = _("naskah PDF")
        ordering = ["agreement", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "version"],
                name="agreement_document_version_unique",
                violation_error_message=_("Versi naskah ini sudah ada."),
            ),
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(is_final=True),
                name="agreement_document_one_final",
                violation_error_message=_("Naskah final perjanjian ini sudah ada."),
            ),
        ]
        indexes = [
            # The sweep looks for rows stuck in a working status.
            models.Index(fields=["status", "updated_at"]),
        ]

    def __str__(self) -> str:
        final = " final" if self.is_final else ""
        return f"{self.agreement_id} v{self.version}{final} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("agreements:document-download", args=[self.agreement_id, self.pk])

    @property
    def is_working(self) -> bool:
        return self.status in self.WORKING

    def _stored_final_ready(self) -> bool:
        return (
            self.pk is not None
            and type(self)
            .objects.filter(pk=self.pk, is_final=True, status=self.Status.READY)
            .exists()
        )

    def save(self, *args, **kwargs):
        # The signed copy is evidence: once READY it is never rewritten (services only ever
        # change rows through claims that exclude READY, this guards everything else).
        if self._stored_final_ready():
            raise ValidationError(_("Naskah final yang sudah jadi tidak dapat diubah."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_final_ready():
            raise ValidationError(_("Naskah final yang sudah jadi tidak dapat dihapus."))
        return super().delete(*args, **kwargs)
