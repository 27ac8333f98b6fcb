"""Monitoring and evaluation (monev): the versioned instrument, one evaluation per agreement
and period with its activities, evidence and scores, and the offices' implementation reports."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from core.models import StoredFile, TimeStampedModel
from core.uploads import private_files
from core.validators import validate_date_range
from offices.models import Office, scope_q


class Recommendation(models.TextChoices):
    CONTINUE = "CONTINUE", _("Lanjutkan")
    IMPROVE = "IMPROVE", _("Lanjutkan dengan perbaikan")
    REVIEW = "REVIEW", _("Ditinjau ulang")
    END = "END", _("Diakhiri")


class Semester(models.IntegerChoices):
    """The part of the year a period covers; 0 is the whole year (yearly frequency)."""

    YEAR = 0, _("Setahun")
    FIRST = 1, _("Semester I")
    SECOND = 2, _("Semester II")


def period_label(year: int, semester: int) -> str:
    """ "Semester I 2026" or "Tahun 2026"."""
    if semester == Semester.YEAR:
        return _("Tahun %(year)s") % {"year": year}
    return f"{Semester(semester).label} {year}"


class Instrument(TimeStampedModel):
    """One version of the evaluation instrument: criteria, weights, bands and the grace days."""

    version = models.PositiveIntegerField(_("versi"), unique=True)
    is_current = models.BooleanField(_("versi berlaku"), default=True)
    grace_days = models.PositiveSmallIntegerField(
        _("tenggang (hari)"),
        default=30,
        help_text=_("Hari setelah akhir periode sampai evaluasi jatuh tempo."),
    )
    continue_from = models.DecimalField(
        _("batas “lanjutkan”"), max_digits=5, decimal_places=2, default=Decimal(80)
    )
    improve_from = models.DecimalField(
        _("batas “lanjutkan dengan perbaikan”"), max_digits=5, decimal_places=2, default=Decimal(60)
    )
    review_from = models.DecimalField(
        _("batas “ditinjau ulang”"), max_digits=5, decimal_places=2, default=Decimal(40)
    )
    note = models.CharField(_("catatan perubahan"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("instrumen evaluasi")
        verbose_name_plural = _("instrumen evaluasi")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="instrument_one_current",
                violation_error_message=_("Hanya satu versi instrumen yang berlaku."),
            ),
            models.CheckConstraint(
                condition=Q(review_from__gt=0)
                & Q(improve_from__gt=F("review_from"))
                & Q(continue_from__gt=F("improve_from"))
                & Q(continue_from__lte=100),
                name="instrument_bands_ordered",
                violation_error_message=_(
                    "Batas rekomendasi harus naik: ditinjau ulang < perbaikan < lanjutkan ≤ 100."
                ),
            ),
        ]

    def __str__(self) -> str:
        return _("Instrumen monev v%(version)s") % {"version": self.version}

    def recommendation_for(self, score: Decimal) -> str:
        """The band of a weighted score (each threshold belongs to the band it opens)."""
        if score >= self.continue_from:
            return Recommendation.CONTINUE
        if score >= self.improve_from:
            return Recommendation.IMPROVE
        if score >= self.review_from:
            return Recommendation.REVIEW
        return Recommendation.END


class Criterion(models.Model):
    """A criterion of an instrument: its weight (the weights of a version sum to 100) and what
    each score 1–5 means."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("urutan"))
    name = models.CharField(_("kriteria"), max_length=200)
    weight = models.PositiveSmallIntegerField(
        _("bobot (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    descriptor_1 = models.CharField(_("skor 1"), max_length=300)
    descriptor_2 = models.CharField(_("skor 2"), max_length=300)
    descriptor_3 = models.CharField(_("skor 3"), max_length=300)
    descriptor_4 = models.CharField(_("skor 4"), max_length=300)
    descriptor_5 = models.CharField(_("skor 5"), max_length=300)

    class Meta:
        verbose_name = _("kriteria")
        verbose_name_plural = _("kriteria")
        ordering = ["instrument", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "position"], name="criterion_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=100),
                name="criterion_weight_range",
                violation_error_message=_("Bobot kriteria 1–100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight}%)"

    @property
    def descriptors(self) -> list[str]:
        return [getattr(self, f"descriptor_{n}") for n in range(1, 6)]


class EvaluationQuerySet(models.QuerySet):
    def for_user(self, user) -> "EvaluationQuerySet":
        """Evaluations of agreements of the user's offices and of every office below them."""
        return self.filter(scope_q(user, field="agreement__office"))


class Evaluation(TimeStampedModel):
    """The monev of one agreement for one period: status, activities, scores, recommendation."""

    class State(models.TextChoices):
        DRAFT = "DRAFT", _("Draf")
        SUBMITTED = "SUBMITTED", _("Diajukan")
        RETURNED = "RETURNED", _("Dikembalikan")
        ACCEPTED = "ACCEPTED", _("Diterima")

    class Status(models.TextChoices):
        RUNNING = "RUNNING", _("Berjalan")
        NOT_RUNNING = "NOT_RUNNING", _("Tidak berjalan")
        COMPLETED = "COMPLETED", _("Selesai")

    Recommendation = Recommendation

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("kerja sama"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrumen"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    semester = models.PositiveSmallIntegerField(_("semester"), choices=Semester.choices)
    period_start = models.DateField(_("awal periode"))
    period_end = models.DateField(_("akhir periode"))
    due_date = models.DateField(_("jatuh tempo"))
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.DRAFT)
    implementation_status = models.CharField(
        _("status pelaksanaan"), max_length=12, choices=Status.choices, blank=True
    )
    obstacles = models.TextField(_("kendala"), blank=True)
    follow_up = models.TextField(_("tindak lanjut"), blank=True)
    budget_realised = models.DecimalField(
        _("realisasi anggaran (Rp)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    score = models.DecimalField(_("nilai"), max_digits=5, decimal_places=2, null=True, blank=True)
    computed_recommendation = models.CharField(
        _("rekomendasi menurut nilai"), max_length=10, choices=Recommendation.choices, blank=True
    )
    recommendation = models.CharField(
        _("rekomendasi"), max_length=10, choices=Recommendation.choices, blank=True
    )
    override_justification = models.TextField(_("justifikasi perubahan rekomendasi"), blank=True)
    review_round = models.PositiveIntegerField(_("putaran verifikasi"), default=0)
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(_("diterima"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=1)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluasi")
        verbose_name_plural = _("evaluasi")
        ordering = ["-period_end", "agreement_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "year", "semester"],
                name="evaluation_period_unique",
                violation_error_message=_("Evaluasi kerja sama ini untuk periode ini sudah ada."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="evaluation_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(recommendation=F("computed_recommendation"))
                | ~Q(override_justification=""),
                name="evaluation_override_justified",
                violation_error_message=_(
                    "Rekomendasi yang berbeda dari hasil penilaian harus disertai justifikasi."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["state", "due_date"]),
            models.Index(fields=["period_end"]),
        ]

    def __str__(self) -> str:
        return f"{self.period_label} — {self.agreement.title}"

    def get_absolute_url(self) -> str:
        return reverse("evaluations:detail", args=[self.pk])

    def clean(self) -> None:
        if self.recommendation != self.computed_recommendation and not (
            self.override_justification.strip()
        ):
            raise ValidationError(
                {
                    "override_justification": _(
                        "Tuliskan justifikasi: rekomendasi berbeda dari hasil penilaian."
                    )
                }
            )

    @property
    def period_label(self) -> str:
        return period_label(self.year, self.semester)

    @property
    def is_editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)

    @property
    def is_overridden(self) -> bool:
        return bool(self.recommendation) and self.recommendation != self.computed_recommendation

    def review_context(self) -> dict:
        """What the reviewer's page shows of this evaluation (used by the reviews app)."""
        from .selectors import evaluation_page_context

        return evaluation_page_context(self)

    def review_decision_label(self, review) -> str:
        """An approved evaluation is "Diterima" here, as its page and state say."""
        if review.decision == review.Decision.APPROVED:
            return self.State.ACCEPTED.label
        return review.get_decision_display()

    def on_review_decided(self, review) -> None:
        """Called by the reviews app once a reviewer decides (see evaluations.services)."""
        from .services import evaluation_review_decided

        evaluation_review_decided(evaluation=self, review=review)


class Score(models.Model):
    """The score 1–5 of one criterion in one evaluation, with the written reason."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(
        _("skor"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    reason = models.TextField(_("alasan"), blank=True)

    class Meta:
        verbose_name = _("skor")
        verbose_name_plural = _("skor")
        ordering = ["evaluation", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="score_once"),
            models.CheckConstraint(
                condition=Q(value__gte=1, value__lte=5),
                name="score_value_range",
                violation_error_message=_("Skor 1 sampai 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.name}: {self.value}"


class Activity(TimeStampedModel):
    """An activity carried out under the agreement in the evaluated period."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="activities")
    date = models.DateField(_("tanggal"), validators=[validate_date_range])
    description = models.CharField(_("kegiatan"), max_length=500)
    place = models.CharField(_("tempat"), max_length=200)
    output = models.CharField(_("keluaran"), max_length=500, blank=True)
    participants = models.PositiveIntegerField(_("peserta terjangkau"), default=0)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("kegiatan")
        verbose_name_plural = _("kegiatan")
        ordering = ["evaluation", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.description}"


class Evidence(StoredFile):
    """A file proving an activity (photo, attendance list, minutes): checked, private, hashed."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(storage=private_files, upload_to="evaluations/evidence/%Y/")

    class Meta:
        verbose_name = _("bukti kegiatan")
        verbose_name_plural = _("bukti kegiatan")
        ordering = ["activity", "created_at"]


class ReportQuerySet(models.QuerySet):
    def for_user(self, user) -> "ReportQuerySet":
        """Reports of the user's offices and of every office below them."""
        return self.filter(scope_q(user, field="office"))


class Report(TimeStampedModel):
    """A Laporan Pelaksanaan Kerja Sama an office sent upward for a period; its PDF is rendered
    by a worker (PENDING → RENDERING → READY/FAILED) and kept as sent."""

    class Status(models.TextChoices):
        PENDING = "PENDING", _("Menunggu dibuat")
        RENDERING = "RENDERING", _("Sedang dibuat")
        READY = "READY", _("Siap")
        FAILED = "FAILED", _("Gagal dibuat")

    office = models.ForeignKey(
        Office, verbose_name=_("kantor"), on_delete=models.PROTECT, related_name="monev_reports"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    semester = models.PositiveSmallIntegerField(_("semester"), choices=Semester.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    pdf = models.FileField(storage=private_files, upload_to="evaluations/reports/%Y/", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("dikirim"))
    submissions = models.PositiveIntegerField(_("jumlah pengiriman"), default=1)
    conclusion = models.TextField(_("kesimpulan"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("laporan pelaksanaan kerja sama")
        verbose_name_plural = _("laporan pelaksanaan kerja sama")
        ordering = ["-year", "-semester", "office__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year", "semester"], name="monev_report_period_unique"
            )
        ]
        # The sweep looks for rows stuck in a working status.
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.office} — {self.period_label}"

    @property
    def period_label(self) -> str:
        return period_label(self.year, self.semester)


# The PDF renders of long reports live in their own module (this one is long enough).
from .render_models import ReportRender  # noqa: E402, F401
