"""The national partner registry (mitra): institutions KPU offices cooperate with."""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from core.uploads import private_files
from offices.models import Office, scope_q

from .names import normalize_name


class PartnerQuerySet(models.QuerySet):
    def for_user(self, user) -> "PartnerQuerySet":
        """Partners are public institutions: every signed-in user sees the whole registry."""
        return self.all() if user.is_authenticated else self.none()

    def editable_by(self, user) -> "PartnerQuerySet":
        """Partners registered by an office where `user` is operator or admin, or below it."""
        roles = ("OPERATOR", "ADMIN")
        return self.filter(scope_q(user, field="registered_by", roles=roles))

    def active(self) -> "PartnerQuerySet":
        return self.filter(merged_into__isnull=True)


class Partner(TimeStampedModel):
    """An institution in the national registry; retired (merged_into set) after a merge."""

    class Category(models.TextChoices):
        MINISTRY = "MINISTRY", _("Kementerian")
        STATE_BODY = "STATE_BODY", _("Lembaga Negara")
        LOCAL_GOVERNMENT = "LOCAL_GOVERNMENT", _("Pemerintah Daerah")
        UNIVERSITY = "UNIVERSITY", _("Perguruan Tinggi")
        SCHOOL = "SCHOOL", _("Sekolah/Madrasah")
        CIVIL_SOCIETY = "CIVIL_SOCIETY", _("Organisasi Masyarakat/LSM")
        MEDIA = "MEDIA", _("Media")
        STATE_ENTERPRISE = "STATE_ENTERPRISE", _("BUMN/BUMD")
        PRIVATE = "PRIVATE", _("Swasta")
        SECURITY = "SECURITY", _("TNI/Polri")
        PROFESSIONAL = "PROFESSIONAL", _("Organisasi Profesi")
        INTERNATIONAL = "INTERNATIONAL", _("Internasional")
        OTHER = "OTHER", _("Lainnya")

    name = models.CharField(_("nama"), max_length=255)
    normalized_name = models.CharField(max_length=255, editable=False, db_index=True)
    short_name = models.CharField(_("singkatan"), max_length=60, blank=True)
    category = models.CharField(_("kategori"), max_length=24, choices=Category.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("organisasi induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
        help_text=_("Mis. universitas untuk sebuah fakultas."),
    )
    address = models.TextField(_("alamat"), blank=True)
    province = models.ForeignKey(
        Office,
        verbose_name=_("provinsi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": Office.Level.PROVINCE},
    )
    regency = models.ForeignKey(
        Office,
        verbose_name=_("kabupaten/kota"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": Office.Level.REGENCY},
    )
    leader_title = models.CharField(
        _("jabatan pimpinan"),
        max_length=160,
        blank=True,
        help_text=_(
            "Lengkap, seperti tertulis pada naskah: mis. Rektor Universitas Muhammadiyah "
            "Ponorogo, Kepala Kepolisian Resor Ponorogo."
        ),
    )
    leader_name = models.CharField(_("nama pimpinan"), max_length=160, blank=True)
    website = models.URLField(_("situs web"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    registered_by = models.ForeignKey(
        Office,
        verbose_name=_("didaftarkan oleh"),
        on_delete=models.PROTECT,
        related_name="registered_partners",
    )
    notes = models.TextField(_("catatan"), blank=True)
    is_affiliated = models.BooleanField(
        _("terafiliasi dengan partai politik atau peserta pemilu"), default=False
    )
    affiliation_explanation = models.TextField(_("penjelasan afiliasi"), blank=True)
    independence_statement = models.FileField(
        _("surat pernyataan independensi"),
        storage=private_files,
        upload_to="partners/statements/",
        blank=True,
    )
    logo = models.FileField(
        _("logo"),
        storage=private_files,
        upload_to="partners/logos/",
        blank=True,
        help_text=_("PNG atau JPEG, paling besar 2 MB; dicetak pada naskah kerja sama."),
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("digabung ke"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_partners",
    )
    lock_version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["normalized_name", "lock_version"])

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("mitra")
        verbose_name_plural = _("mitra")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_affiliated=False) | ~Q(affiliation_explanation=""),
                name="partner_affiliation_explained",
                violation_error_message=_("Jelaskan afiliasi mitra dengan partai/peserta pemilu."),
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("pk")),
                name="partner_not_merged_into_self",
                violation_error_message=_("Mitra tidak dapat digabung ke dirinya sendiri."),
            ),
        ]
        indexes = [
            models.Index(fields=["category", "name"]),
            models.Index(fields=["is_affiliated"]),
            GinIndex(
                SearchVector("name", "short_name", config="indonesian"),
                name="partner_search_gin",
            ),
            # The list's search (partners.selectors.partner_search): a prefix of the
            # normalised name and the exact short name, whatever the database collation.
            models.Index(
                OpClass("normalized_name", name="varchar_pattern_ops"),
                name="partner_normalized_prefix",
            ),
            models.Index(Upper("short_name"), name="partner_short_name_upper"),
            # The name matcher's per-request check that its cached index is current
            # (partners.matching._stamp): MAX(updated_at) read from the index, not a scan.
            models.Index(fields=["updated_at"], name="partner_updated_at"),
            # No index on name for the A–Z order: the planner walked it for a search and
            # recomputed the text vector of every row it passed (90 ms at 20,000 partners);
            # sorting the active partners instead costs about 20 ms.
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.short_name})" if self.short_name else self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.normalized_name = normalize_name(self.name)
        super().save(*args, **kwargs)

    @property
    def is_retired(self) -> bool:
        return self.merged_into_id is not None


class Contact(TimeStampedModel):
    """A contact person (PIC) at a partner."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("mitra"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("nama"), max_length=160)
    position = models.CharField(_("jabatan"), max_length=160, blank=True)
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        verbose_name = _("narahubung")
        verbose_name_plural = _("narahubung")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


from .import_models import PartnerImport  # noqa: E402, F401  (the import jobs live in their own module)
