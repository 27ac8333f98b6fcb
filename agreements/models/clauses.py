"""Clauses: the per-kind clause templates (versioned; editing makes a new version), their
Pasal, and the Pasal of one agreement, copied from its template and then edited freely."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.validators import text_limit

from .agreement import Agreement, Kind

# Text printed in the PDF is capped: a 1 MB clause once kept a worker rendering for 74 s.
CLAUSE_MAX_CHARS = 20_000


class ClauseTemplate(TimeStampedModel):
    """One version of the clause template of a kind; editing makes a new version."""

    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    version = models.PositiveIntegerField(_("versi"))
    is_current = models.BooleanField(_("versi berlaku"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("catatan perubahan"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("templat pasal")
        verbose_name_plural = _("templat pasal")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "version"],
                name="clause_template_version_unique",
                violation_error_message=_("Versi templat ini sudah ada."),
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(is_current=True),
                name="clause_template_one_current",
                violation_error_message=_("Hanya satu versi templat yang berlaku per jenis."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


class ClauseTemplateItem(models.Model):
    """A Pasal of a template: heading, boilerplate with {placeholders}, whether required."""

    template = models.ForeignKey(ClauseTemplate, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("urutan"))
    key = models.SlugField(_("kunci"), max_length=40)
    heading = models.CharField(_("judul pasal"), max_length=160)
    body = models.TextField(
        _("isi"), max_length=CLAUSE_MAX_CHARS, validators=[text_limit(CLAUSE_MAX_CHARS)]
    )
    required = models.BooleanField(_("wajib"), default=True)

    class Meta:
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="template_item_key_unique")
        ]

    def __str__(self) -> str:
        return self.heading


class Clause(models.Model):
    """A Pasal of one agreement, copied from its template and edited freely."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="clauses")
    position = models.PositiveIntegerField(_("urutan"))
    key = models.SlugField(_("kunci"), max_length=40, blank=True)
    heading = models.CharField(_("judul pasal"), max_length=160)
    body = models.TextField(
        _("isi"),
        blank=True,
        max_length=CLAUSE_MAX_CHARS,
        validators=[text_limit(CLAUSE_MAX_CHARS)],
    )
    # The clause editor's optimistic lock (heading and text; a move is not an edit).
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["agreement", "position"]

    def __str__(self) -> str:
        return self.heading
