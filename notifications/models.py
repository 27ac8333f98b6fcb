"""In-app notifications, their email delivery state, the reminder log and user preferences.

This app knows its subjects only generically (content type + id): the reminder rules live with
their subjects (agreements/reminders.py, reviews/reminders.py) and call notifications.services.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from offices.models import Office


class Kind(models.TextChoices):
    """What a notification is about; users choose email per kind."""

    AGREEMENT_EXPIRING = "AGREEMENT_EXPIRING", _("Kerja sama segera berakhir")
    AGREEMENT_EXPIRED = "AGREEMENT_EXPIRED", _("Kerja sama berakhir tanpa tindak lanjut")
    NK_FOLLOW_UP = "NK_FOLLOW_UP", _("Nota Kesepahaman belum ditindaklanjuti")
    REVIEW_PENDING = "REVIEW_PENDING", _("Verifikasi menunggu keputusan")
    REVIEW_ESCALATED = "REVIEW_ESCALATED", _("Verifikasi tertunda di kantor bawahan")
    EVALUATION_DUE = "EVALUATION_DUE", _("Evaluasi segera jatuh tempo")
    EVALUATION_OVERDUE = "EVALUATION_OVERDUE", _("Evaluasi terlambat")
    REVIEW_REQUESTED = "REVIEW_REQUESTED", _("Pengajuan baru untuk diverifikasi")
    REVIEW_DECIDED = "REVIEW_DECIDED", _("Hasil verifikasi")
    GENERAL = "GENERAL", _("Pemberitahuan lain")


class EmailStatus(models.TextChoices):
    NONE = "NONE", _("Tidak dikirim lewat email")
    PENDING = "PENDING", _("Menunggu dikirim")
    DIGEST = "DIGEST", _("Menunggu ringkasan harian")
    SENDING = "SENDING", _("Sedang dikirim")
    SENT = "SENT", _("Terkirim")
    FAILED = "FAILED", _("Gagal")


class ReminderLog(models.Model):
    """One reminder that fired: unique per subject, kind and threshold, so it fires once.

    `threshold` names the threshold and its anchor, e.g. "30@2030-09-10" (30 days before an
    effective end of 10 September 2030): an extension moves the end, so it makes new keys.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("jenis"), max_length=32, choices=Kind.choices)
    threshold = models.CharField(_("ambang"), max_length=40)
    office = models.ForeignKey(
        Office, verbose_name=_("kantor"), on_delete=models.PROTECT, related_name="+"
    )
    local_date = models.DateField(_("tanggal setempat"))
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("log pengingat")
        verbose_name_plural = _("log pengingat")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind", "threshold"],
                name="reminder_once_per_threshold",
                violation_error_message=_("Pengingat ini sudah pernah dikirim."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.threshold} ({self.local_date})"


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> "NotificationQuerySet":
        """A user's own notifications; nobody, superusers included, reads anyone else's."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One message to one user, shown in the app and, by their choice, sent by email."""

    Kind = Kind
    EmailStatus = EmailStatus

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penerima"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("jenis"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("judul"), max_length=255)
    body = models.TextField(_("isi"), blank=True)
    url = models.CharField(_("tautan"), max_length=500, blank=True)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    office = models.ForeignKey(
        Office,
        verbose_name=_("kantor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reminder = models.ForeignKey(
        ReminderLog, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)
    # The work the notification asked for was done (the review decided, the agreement
    # signed, the evaluation submitted): see services.resolve.
    resolved_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    email_status = models.CharField(
        _("status email"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.NONE
    )
    in_digest = models.BooleanField(_("lewat ringkasan harian"), default=False)
    email_claim = models.UUIDField(null=True, blank=True, editable=False)
    email_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.CharField(max_length=255, blank=True)
    emailed_at = models.DateTimeField(_("dikirim lewat email"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
            models.Index(
                fields=["email_status", "email_claimed_at"],
                condition=Q(email_status__in=["PENDING", "DIGEST", "SENDING"]),
                name="notification_email_due",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("notifications:open", args=[self.pk])

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class NotificationPreference(models.Model):
    """A user's choice of email for one kind; without a row, email is on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("jenis"), max_length=32, choices=Kind.choices)
    email = models.BooleanField(_("kirim email"), default=True)

    class Meta:
        verbose_name = _("preferensi notifikasi")
        verbose_name_plural = _("preferensi notifikasi")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                name="notification_preference_once",
                violation_error_message=_("Preferensi untuk jenis ini sudah ada."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()}: {self.email}"


class DeliverySettings(models.Model):
    """Per-user delivery: one daily digest email instead of one email per notification."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_delivery"
    )
    daily_digest = models.BooleanField(
        _("ringkasan harian"),
        default=False,
        help_text=_(
            "Satu email per hari berisi semua notifikasi, bukan satu email per notifikasi."
        ),
    )

    class Meta:
        verbose_name = _("pengaturan pengiriman")
        verbose_name_plural = _("pengaturan pengiriman")

    def __str__(self) -> str:
        return f"{self.user}: {'ringkasan harian' if self.daily_digest else 'langsung'}"
