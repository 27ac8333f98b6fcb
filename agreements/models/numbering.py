"""Official KPU numbers: the counter row per office, kind and year that signing increments,
and each office's numbering pattern."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from offices.models import Office

from .agreement import Kind


class NumberCounter(models.Model):
    """The last number issued per office, kind and year; incremented in the signing transaction."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "kind", "year"], name="number_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.office} {self.kind} {self.year}: {self.last}"


DEFAULT_NUMBER_PATTERN = "{seq}/HK.05.1-{doc}/{office_code}/{year}"


class NumberingPattern(TimeStampedModel):
    """An office's pattern for KPU numbers; tokens {seq} {doc} {office_code} {issuer}
    {month_roman} {year}."""

    office = models.OneToOneField(Office, on_delete=models.CASCADE, related_name="numbering")
    pattern = models.CharField(_("pola nomor"), max_length=120, default=DEFAULT_NUMBER_PATTERN)
    # 0 stands for "no pattern saved yet" (the form of an office without a row), so the
    # first saved pattern is version 1.
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("pola nomor")
        verbose_name_plural = _("pola nomor")

    def __str__(self) -> str:
        return f"{self.office}: {self.pattern}"
