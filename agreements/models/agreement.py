"""The agreement itself (NK, PKS, addendum or another form): its kinds, scopes and
divisions, the fields its lifecycle fills in, and the queryset that scopes it to a user."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from core.validators import text_limit, validate_date_range
from offices.models import Office, scope_q


class Kind(models.TextChoices):
    NK = "NK", _("Nota Kesepahaman")
    PKS = "PKS", _("Perjanjian Kerja Sama")
    ADDENDUM = "ADDENDUM", _("Adendum")
    OTHER = "OTHER", _("Bentuk lainnya")


class Scope(models.TextChoices):
    VOTER_EDUCATION = "VOTER_EDUCATION", _("Pendidikan pemilih")
    SOCIALISATION = "SOCIALISATION", _("Sosialisasi")
    POPULATION_DATA = "POPULATION_DATA", _("Data kependudukan")
    SECURITY = "SECURITY", _("Pengamanan")
    RESEARCH = "RESEARCH", _("Riset")
    INTERNSHIP = "INTERNSHIP", _("KKN/magang")
    PUBLICATION = "PUBLICATION", _("Publikasi")
    FACILITIES = "FACILITIES", _("Fasilitas/sarana")
    OTHER = "OTHER", _("Lainnya")


class Divisi(models.TextChoices):
    TECHNICAL = "TECHNICAL", _("Teknis Penyelenggaraan")
    PARTICIPATION = (
        "PARTICIPATION",
        _("Sosialisasi, Pendidikan Pemilih, Partisipasi Masyarakat dan SDM"),
    )
    LAW = "LAW", _("Hukum dan Pengawasan")
    PLANNING = "PLANNING", _("Perencanaan, Data dan Informasi")
    SECRETARIAT = "SECRETARIAT", _("Sekretariat")


# Text printed in the PDF is capped, like a clause's (CLAUSE_MAX_CHARS, models/clauses.py).
PREAMBLE_MAX_CHARS = 10_000


def _non_empty_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class AgreementQuerySet(models.QuerySet):
    def for_user(self, user) -> "AgreementQuerySet":
        """Agreements of the user's offices and of every office below them."""
        return self.filter(scope_q(user, field="office"))

    def signed(self) -> "AgreementQuerySet":
        """Agreements that were signed: in force or ended as signed, or terminated since."""
        return self.filter(state__in=Agreement.SIGNED_STATES)


class Agreement(TimeStampedModel):
    """A cooperation document of one office: NK, PKS, addendum or another form."""

    Kind = Kind
    Scope = Scope
    Divisi = Divisi

    class State(models.TextChoices):
        DRAFT = "DRAFT", _("Draf")
        SUBMITTED = "SUBMITTED", _("Diajukan")
        RETURNED = "RETURNED", _("Dikembalikan")
        CLEARED = "CLEARED", _("Disetujui untuk ditandatangani")
        SIGNED = "SIGNED", _("Ditandatangani")
        TERMINATED = "TERMINATED", _("Diakhiri")
        CANCELLED = "CANCELLED", _("Dibatalkan")

    # The states of an agreement that was signed (terminated ones were signed first).
    SIGNED_STATES = (State.SIGNED, State.TERMINATED)

    class TimeStatus(models.TextChoices):
        UPCOMING = "UPCOMING", _("Belum berlaku")
        ACTIVE = "ACTIVE", _("Berlaku")
        EXPIRING = "EXPIRING", _("Segera berakhir")
        EXPIRED = "EXPIRED", _("Berakhir")
        RENEWED = "RENEWED", _("Diperbarui")

    class SignatoryTitle(models.TextChoices):
        CHAIR = "KETUA", _("Ketua")
        SECRETARY = "SEKRETARIS", _("Sekretaris")

    class Frequency(models.TextChoices):
        SEMESTER = "SEMESTER", _("Per semester")
        YEAR = "YEAR", _("Per tahun")

    class Budget(models.TextChoices):
        NONE = "NONE", _("Tanpa pembiayaan")
        APBN = "APBN", _("APBN (DIPA KPU)")
        APBD = "APBD", _("APBD / hibah")
        PARTNER = "PARTNER", _("Ditanggung mitra")
        SHARED = "SHARED", _("Ditanggung bersama")

    office = models.ForeignKey(
        Office, verbose_name=_("kantor"), on_delete=models.PROTECT, related_name="agreements"
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("perjanjian induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("NK yang dilaksanakan PKS ini, atau perjanjian yang diubah adendum ini."),
    )
    renews = models.ForeignKey(
        "self",
        verbose_name=_("memperbarui"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successors",
        help_text=_("Perjanjian lama yang digantikan perjanjian ini."),
    )
    title = models.CharField(_("tentang"), max_length=500)
    state = models.CharField(_("status"), max_length=12, choices=State.choices, default=State.DRAFT)
    kpu_signatory_name = models.CharField(_("nama penanda tangan KPU"), max_length=160, blank=True)
    kpu_signatory_title = models.CharField(
        _("jabatan penanda tangan KPU"),
        max_length=12,
        choices=SignatoryTitle.choices,
        default=SignatoryTitle.CHAIR,
    )
    kpu_official = models.ForeignKey(
        "offices.Official",
        verbose_name=_("pejabat penanda tangan KPU"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Dari daftar pejabat kantor; nama dan jabatan di atas diisi darinya."),
    )
    # "Plt." or "Plh." before the title when the official is acting (copied from the register).
    kpu_signatory_acting = models.CharField(
        _("status penanda tangan KPU"), max_length=4, blank=True, default=""
    )
    considerations = models.TextField(
        _("pertimbangan"),
        blank=True,
        max_length=PREAMBLE_MAX_CHARS,
        validators=[text_limit(PREAMBLE_MAX_CHARS)],
        help_text=_("Satu butir “bahwa …” per baris."),
    )
    legal_basis = models.TextField(
        _("dasar hukum"),
        blank=True,
        max_length=PREAMBLE_MAX_CHARS,
        validators=[text_limit(PREAMBLE_MAX_CHARS)],
        help_text=_("Satu peraturan per baris."),
    )
    scope = ArrayField(
        models.CharField(max_length=20, choices=Scope.choices),
        verbose_name=_("ruang lingkup"),
        default=list,
        blank=True,
    )
    divisi = models.CharField(_("divisi penanggung jawab"), max_length=16, choices=Divisi.choices)
    start_date = models.DateField(
        _("tanggal mulai"), null=True, blank=True, validators=[validate_date_range]
    )
    end_date = models.DateField(
        _("tanggal berakhir"), null=True, blank=True, validators=[validate_date_range]
    )
    extends_term = models.BooleanField(
        _("memperpanjang jangka waktu"),
        default=False,
        help_text=_("Adendum ini memperpanjang perjanjian induk sampai tanggal berakhirnya."),
    )
    budget_source = models.CharField(
        _("sumber pembiayaan"), max_length=10, choices=Budget.choices, default=Budget.NONE
    )
    budget_amount = models.DecimalField(
        _("nilai pembiayaan (Rp)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    evaluation_frequency = models.CharField(
        _("frekuensi evaluasi"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.SEMESTER,
    )
    affiliation_justification = models.TextField(_("justifikasi mitra terafiliasi"), blank=True)
    kpu_number = models.CharField(_("nomor KPU"), max_length=120, blank=True)
    partner_number = models.CharField(_("nomor mitra"), max_length=120, blank=True)
    partner_number_none = models.BooleanField(_("mitra tidak memberi nomor"), default=False)
    signed_on = models.DateField(
        _("tanggal penandatanganan"), null=True, blank=True, validators=[validate_date_range]
    )
    signed_place = models.CharField(_("tempat penandatanganan"), max_length=80, blank=True)
    registered_without_review = models.BooleanField(_("dicatat tanpa verifikasi"), default=False)
    terminated_on = models.DateField(
        _("tanggal pengakhiran"), null=True, blank=True, validators=[validate_date_range]
    )
    termination_reason = models.TextField(_("alasan pengakhiran"), blank=True)
    template = models.ForeignKey(
        "agreements.ClauseTemplate",
        verbose_name=_("templat"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_round = models.PositiveIntegerField(_("putaran verifikasi"), default=0)
    lock_version = models.PositiveIntegerField(default=1)
    # Derived facts kept by `agreements.timefacts.sync_time_facts` in the transaction that
    # changes them (sign, addendum sign, terminate, renew); checked nightly for drift.
    effective_end = models.DateField(
        _("berakhir efektif"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Tanggal berakhir setelah adendum perpanjangan, atau tanggal pengakhiran."),
    )
    has_successor = models.BooleanField(_("sudah diperbarui"), default=False, editable=False)
    # What identifies an agreement (title, parties, numbers, scope, its own filled text);
    # never the template boilerplate. Written by agreements.search.refresh_search_document.
    search_document = models.TextField(editable=False, blank=True)
    search_vector = models.GeneratedField(
        expression=SearchVector("search_document", config="indonesian"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords(
        excluded_fields=["search_document", "search_vector", "effective_end", "has_successor"]
    )

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("kerja sama")
        verbose_name_plural = _("kerja sama")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "kpu_number"],
                condition=~Q(kpu_number=""),
                name="agreement_kpu_number_unique",
                violation_error_message=_("Nomor KPU ini sudah dipakai di kantor ini."),
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="agreement_term_ordered",
                violation_error_message=_("Tanggal berakhir tidak boleh sebelum tanggal mulai."),
            ),
        ]
        indexes = [
            models.Index(fields=["office", "state", "effective_end"]),
            models.Index(fields=["state", "effective_end"]),
            models.Index(fields=["kind", "state"]),
            models.Index(fields=["-created_at"], name="agreement_created_idx"),
            models.Index(fields=["office", "-created_at"], name="agreement_office_created"),
            models.Index(fields=["end_date"]),
            models.Index(fields=["signed_on"]),
            GinIndex(fields=["search_vector"], name="agreement_search_gin"),
            # Number search is a prefix match on the upper-cased number.
            models.Index(
                OpClass(Upper("kpu_number"), name="text_pattern_ops"),
                name="agreement_kpu_number_prefix",
            ),
            models.Index(
                OpClass(Upper("partner_number"), name="text_pattern_ops"),
                name="agreement_partner_no_prefix",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.kpu_number or ''} — {self.title}".replace(
            "  ", " "
        )

    def get_absolute_url(self) -> str:
        return reverse("agreements:detail", args=[self.pk])

    def save(self, *args, **kwargs) -> None:
        """Save, then recompute the stored time facts of this row and of the rows it
        affects (the agreement an addendum changes, the one a successor renews) in the same
        transaction, so every state change keeps them right (see agreements.timefacts)."""
        from ..timefacts import FACT_INPUTS, sync_time_facts

        update_fields = kwargs.get("update_fields")
        with transaction.atomic():
            super().save(*args, **kwargs)
            if update_fields is None or FACT_INPUTS & set(update_fields):
                sync_time_facts(self)

    @property
    def consideration_items(self) -> list[str]:
        """The "bahwa …" lines, one per non-empty line of `considerations`."""
        return _non_empty_lines(self.considerations)

    @property
    def legal_basis_items(self) -> list[str]:
        return _non_empty_lines(self.legal_basis)

    @property
    def is_editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)

    def review_context(self) -> dict:
        """What the reviewer's page shows of this agreement (used by the reviews app)."""
        from ..placeholders import render_clause_body

        return {
            "parties": list(self.parties.select_related("partner")),
            "clauses": [(c, render_clause_body(c.body, self)) for c in self.clauses.all()],
            "attachments": list(self.attachments.all()),
        }

    def on_review_decided(self, review) -> None:
        """Called by the reviews app once a reviewer decides (see agreements.services)."""
        from ..services import agreement_review_decided

        agreement_review_decided(agreement=self, review=review)
