"""Verification up the office tree: one Review per step of a submission's route.

A review knows its subject only generically. When decided it calls the subject's
`on_review_decided(review)`, so agreements and evaluations react without this app importing
them.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from offices.models import Membership, Office, scope_q, user_memberships


class ReviewQuerySet(models.QuerySet):
    def for_user(self, user) -> "ReviewQuerySet":
        """Reviews addressed to an office in the user's scope, or submitted from one."""
        return self.filter(scope_q(user, field="office") | scope_q(user, field="submitted_from"))

    def addressed_to_reviewer(self, user) -> "ReviewQuerySet":
        """Reviews (any decision) addressed to an office where `user` is a reviewer.

        Only a REVIEWER membership counts: a superuser without one is addressed nothing.
        The offices are resolved to ids first, so the filter is `office_id IN (…)` (for the
        usual single office, `office_id = …`) and the (office, decision, created_at) index
        serves the queue in order without a sort.
        """
        offices = [
            m.office_id for m in user_memberships(user) if m.role == Membership.Role.REVIEWER
        ]
        return self.filter(office_id__in=offices)

    def decidable_by(self, user) -> "ReviewQuerySet":
        """Pending reviews addressed to an office where `user` is a reviewer, leaving out
        those `user` submitted or edited (four eyes: see `recused`)."""
        return (
            self.addressed_to_reviewer(user)
            .filter(decision=Review.Decision.PENDING)
            .exclude(submitted_by=user)
            .exclude(recused__contains=[user.pk])
        )

    def decided(self) -> "ReviewQuerySet":
        """Reviews already approved or returned (the predicate of the decided-queue index)."""
        return self.filter(~Q(decision=Review.Decision.PENDING))


class Review(TimeStampedModel):
    """One step of the verification route of one submission round."""

    class Decision(models.TextChoices):
        PENDING = "PENDING", _("Menunggu")
        APPROVED = "APPROVED", _("Disetujui")
        RETURNED = "RETURNED", _("Dikembalikan")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    office = models.ForeignKey(
        Office,
        verbose_name=_("kantor verifikator"),
        on_delete=models.PROTECT,
        related_name="reviews_received",
    )
    submitted_from = models.ForeignKey(
        Office,
        verbose_name=_("kantor pengaju"),
        on_delete=models.PROTECT,
        related_name="reviews_submitted",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject_kind = models.CharField(_("jenis"), max_length=20, blank=True)
    subject_title = models.CharField(_("perihal"), max_length=500, blank=True)
    round = models.PositiveIntegerField(_("putaran"))
    step = models.PositiveSmallIntegerField(_("tahap"))
    decision = models.CharField(
        _("keputusan"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    checklist = models.JSONField(_("daftar periksa"), default=list, blank=True)
    notes = models.TextField(_("catatan"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    # Four eyes: the users who may not decide this step, the submitter and everyone who
    # edited the subject (reviews.services.recused_for), kept when the step opens and again
    # when it is decided, so the database refuses a decision by one of them.
    recused = ArrayField(
        models.BigIntegerField(),
        verbose_name=_("tidak boleh memutuskan"),
        default=list,
        blank=True,
    )

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("verifikasi")
        verbose_name_plural = _("verifikasi")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "round", "step"],
                name="review_step_once",
                violation_error_message=_("Tahap verifikasi ini sudah dibuka."),
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(decision="PENDING"),
                name="review_one_pending_per_subject",
                violation_error_message=_("Masih ada verifikasi yang menunggu keputusan."),
            ),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True)
                | Q(submitted_by__isnull=True)
                | ~Q(decided_by=F("submitted_by")),
                name="review_not_decided_by_submitter",
                violation_error_message=_("Pengaju tidak dapat memutuskan verifikasinya sendiri."),
            ),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(recused__contains=[F("decided_by")]),
                name="review_not_decided_by_recused",
                violation_error_message=_(
                    "Penyunting draf tidak dapat memutuskan verifikasinya sendiri."
                ),
            ),
        ]
        indexes = [
            # The queue: reviews addressed to an office, pending, oldest (or newest) first.
            models.Index(fields=["office", "decision", "created_at"]),
            # The decided tab: approved and returned together, in submission order.
            models.Index(
                fields=["office", "created_at"],
                condition=~Q(decision="PENDING"),
                name="review_decided_office_created",
            ),
            models.Index(fields=["content_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.office} — {self.get_decision_display()} (putaran {self.round})"
