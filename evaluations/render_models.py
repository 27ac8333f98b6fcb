"""Renders of the Laporan Pelaksanaan PDF for download, done by a worker (the model; the
services are in report_renders.py). Imported by models.py, so Django registers it there."""

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
    """The PDF of the Laporan Pelaksanaan of an office with offices below it, for a period,
    rendered by a worker for downloading (it lists the office's own agreements and counts
    every office below: too long to render within a request). One row per office and
    period, rendered anew on request (PENDING → RENDERING → READY/FAILED)."""

    Status = Report.Status

    office = models.ForeignKey(
        Office, verbose_name=_("kantor"), on_delete=models.PROTECT, related_name="report_renders"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    semester = models.PositiveSmallIntegerField(_("semester"), choices=Semester.choices)
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
        verbose_name = _("PDF laporan pelaksanaan")
        verbose_name_plural = _("PDF laporan pelaksanaan")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year", "semester"], name="report_render_period_unique"
            )
        ]
        # The sweep looks for rows stuck in a working status.
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return f"PDF {self.office} — {self.period_label}"

    @property
    def period_label(self) -> str:
        return period_label(self.year, self.semester)
