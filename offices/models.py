"""The KPU office hierarchy (satuan kerja) and who works where in which role."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.idn import timezone_label
from core.models import TimeStampedModel
from core.uploads import private_files


def scope_q(user, field: str = "", roles: tuple[str, ...] = ()) -> Q:
    """Q matching the offices `user` may see: each office of theirs and every one below it.

    `field` is the path from the filtered model to an Office ("office", "registered_by");
    `roles` narrows to the memberships holding one of those roles (all when empty). The
    subtree is resolved to office ids first, so the filter is one indexed
    `<field>_id IN (…)` on the filtered table (no join to the office tree).
    """
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    offices = [m.office for m in user_memberships(user) if not roles or m.role in roles]
    if any(office.level == Office.Level.NATIONAL for office in offices):
        return Q()
    ids = scope_office_ids(user, roles)
    return Q(**{f"{field}__in" if field else "pk__in": ids})


def scope_office_ids(user, roles: tuple[str, ...] = ()) -> list[int]:
    """The ids of the offices in `user`'s scope (for `roles`), cached on the user object."""
    cache = user.__dict__.setdefault("_kpu_scope_ids", {})
    if roles not in cache:
        offices = [m.office_id for m in user_memberships(user) if not roles or m.role in roles]
        cache[roles] = subtree_ids(offices)
    return cache[roles]


def subtree_ids(office_ids) -> list[int]:
    """The given offices and every office below them (one query on the office table; the
    tree has three levels, so children and grandchildren make a subtree)."""
    office_ids = list(office_ids)
    if not office_ids:
        return []
    return sorted(
        Office.objects.filter(
            Q(pk__in=office_ids) | Q(parent__in=office_ids) | Q(parent__parent__in=office_ids)
        ).values_list("pk", flat=True)
    )


def user_memberships(user) -> list["Membership"]:
    """The user's active memberships with their offices, cached on the user object."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_kpu_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, office__is_active=True)
            .select_related("office", "office__parent")
            .order_by("office__level", "office__code", "role")
        )
        user._kpu_memberships = cached
    return cached


# Abbreviations in Kemendagri's region names, written out in documents.
ABBREVIATIONS = {"Kep.": "Kepulauan", "Kab.": "Kabupaten", "Adm.": "Administrasi"}


def written_out(name: str) -> str:
    """`name` with the region list's abbreviations written out."""
    return " ".join(ABBREVIATIONS.get(word, word) for word in (name or "").split())


class OfficeQuerySet(models.QuerySet):
    def for_user(self, user) -> "OfficeQuerySet":
        """The offices `user` may see: their own and every office below them."""
        return self.filter(scope_q(user))

    def active(self) -> "OfficeQuerySet":
        return self.filter(is_active=True)


class Office(TimeStampedModel):
    """One KPU office (satker): KPU RI, a KPU Provinsi or a KPU Kabupaten/Kota."""

    class Level(models.TextChoices):
        NATIONAL = "NATIONAL", _("Nasional")
        PROVINCE = "PROVINCE", _("Provinsi")
        REGENCY = "REGENCY", _("Kabupaten/Kota")

    code = models.CharField(
        _("kode wilayah"),
        max_length=16,
        blank=True,
        help_text=_("Kode Kemendagri bertitik, mis. 35.02; kosong untuk KPU RI."),
    )
    level = models.CharField(_("tingkat"), max_length=16, choices=Level.choices)
    name = models.CharField(_("nama"), max_length=120)
    region_name = models.CharField(_("nama wilayah"), max_length=120, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("kantor induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    timezone = models.CharField(_("zona waktu"), max_length=32, default="Asia/Jakarta")
    city = models.CharField(
        _("kota penandatanganan"),
        max_length=80,
        help_text=_("Nama tempat pada baris tanda tangan, mis. Ponorogo."),
    )
    # Set when an admin changes `city`; load_offices then leaves it alone instead of writing
    # the capital from offices/data/offices.csv over it on every release.
    city_set_by_office = models.BooleanField(
        _("kota diisi kantor"),
        default=False,
        help_text=_(
            "Kota penandatanganan diubah oleh admin; pemuatan data kantor tidak menimpanya "
            "dengan ibu kota dari berkas data."
        ),
    )
    address = models.TextField(_("alamat"), blank=True)
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("situs web"), blank=True)
    logo = models.FileField(
        _("logo"),
        storage=private_files,
        upload_to="offices/logos/",
        blank=True,
        help_text=_("PNG atau JPEG, paling besar 2 MB; dicetak pada naskah kerja sama."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    lock_version = models.PositiveIntegerField(default=1)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("kantor")
        verbose_name_plural = _("kantor")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="office_code_unique",
                violation_error_message=_("Kode wilayah sudah dipakai kantor lain."),
            ),
            models.UniqueConstraint(
                fields=["level"],
                condition=Q(level="NATIONAL"),
                name="office_single_national",
                violation_error_message=_("Hanya ada satu KPU RI."),
            ),
            models.CheckConstraint(
                condition=Q(level="NATIONAL", parent__isnull=True)
                | (~Q(level="NATIONAL") & Q(parent__isnull=False)),
                name="office_parent_matches_level",
                violation_error_message=_("Hanya KPU RI yang tidak memiliki kantor induk."),
            ),
        ]
        indexes = [
            models.Index(fields=["level", "code"]),
            models.Index(fields=["name"]),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("offices:detail", args=[self.pk])

    @property
    def timezone_label(self) -> str:
        """WIB, WITA or WIT."""
        return timezone_label(self.timezone)

    @property
    def letter_code(self) -> str:
        """The code as written in letter numbers: 35.02 → 3502."""
        return self.code.replace(".", "")

    @property
    def formal_name(self) -> str:
        """The name spelled out as on documents: KOMISI PEMILIHAN UMUM KABUPATEN PONOROGO;
        abbreviations of the region list written out ("Kep." → "Kepulauan")."""
        if self.level == self.Level.NATIONAL:
            return "Komisi Pemilihan Umum Republik Indonesia"
        body, _, rest = self.name.partition(" ")
        full = {"KPU": "Komisi Pemilihan Umum", "KIP": "Komisi Independen Pemilihan"}
        return f"{full.get(body, body)} {written_out(rest)}"

    @property
    def full_region_name(self) -> str:
        """The region as documents write it: "Kabupaten Kepulauan Siau Tagulandang Biaro"."""
        return written_out(self.region_name)


class Membership(TimeStampedModel):
    """A user's role in one office; a user may hold several."""

    class Role(models.TextChoices):
        OPERATOR = "OPERATOR", _("Operator")
        REVIEWER = "REVIEWER", _("Verifikator")
        COMMISSIONER = "COMMISSIONER", _("Komisioner")
        ADMIN = "ADMIN", _("Admin")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    office = models.ForeignKey(
        Office, verbose_name=_("kantor"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("peran"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("keanggotaan")
        verbose_name_plural = _("keanggotaan")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "office", "role"],
                name="membership_unique",
                violation_error_message=_("Pengguna sudah memiliki peran ini di kantor ini."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} {self.office}"


from .official_models import Official  # noqa: E402, F401
