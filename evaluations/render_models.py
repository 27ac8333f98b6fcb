"""Renders of the Laporan Pelaksanaan PDF and Excel for download, done by a worker (the model;
the services are in report_renders.py). Imported by models.py, so Django registers it there."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.uploads import private_files
from offices.models import Office, scope_q

from .models import Report, Semester, period_label


class ReportRenderQuerySet(models.QuerySet):
    def for_user(self, user) -> "ReportRenderQuerySet":
        """Renders of the reports of the user's offices and of every office below them."""
        return self.filter(scope_q(user, field="office"))


class ReportRender(TimeStampedModel):
    """The PDF or the Excel workbook of the Laporan Pelaksanaan of an office with offices
    below it, for a period, rendered by a worker for downloading (the PDF counts every office
    below, the workbook lists every agreement below: too long for a request). One row per
    office, period and kind, rendered anew on request (PENDING → RENDERING → READY/FAILED).
    `pdf` holds the rendered file of either kind."""

    Status = Report.Status

    class Kind(models.TextChoices):
        PDF = "PDF", _("PDF")
        XLSX = "XLSX", _("Excel")

    office = models.ForeignKey(
        Office, verbose_name=_("kantor"), on_delete=models.PROTECT, related_name="report_renders"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    semester = models.PositiveSmallIntegerField(_("semester"), choices=Semester.choices)
    kind = models.CharField(_("jenis berkas"), max_length=4, choices=Kind.choices, default=Kind.PDF)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    pdf = models.FileField(storage=private_files, upload_to="evaluations/renders/%Y/", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)

    objects = ReportRenderQuerySet.as_manager()

    class Meta:
        verbose_name = _("berkas laporan pelaksanaan")
        verbose_name_plural = _("berkas laporan pelaksanaan")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year", "semester", "kind"],
                name="report_render_period_kind_unique",
                violation_error_message=_("Berkas laporan ini sudah diminta untuk periode itu."),
            )
        ]
        # The sweep looks for rows stuck in a working status.
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.office} — {self.period_label}"

    @property
    def period_label(self) -> str:
        return period_label(self.year, self.semester)

    @property
    def extension(self) -> str:
        return "xlsx" if self.kind == self.Kind.XLSX else "pdf"
