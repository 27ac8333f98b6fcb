"""The files uploaded to an agreement: drafts, minutes of its discussion, the signed scan."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import StoredFile
from core.uploads import private_files

from .agreement import Agreement


class Attachment(StoredFile):
    """A file of an agreement (draft, minutes, signed scan): checked, private, hashed."""

    class Kind(models.TextChoices):
        DRAFT = "DRAFT", _("Draf")
        MINUTES = "MINUTES", _("Berita acara pembahasan")
        SIGNED_SCAN = "SIGNED_SCAN", _("Pindaian naskah ditandatangani")
        OTHER = "OTHER", _("Lainnya")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    file = models.FileField(storage=private_files, upload_to="agreements/attachments/%Y/")

    class Meta:
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")
        ordering = ["agreement", "created_at"]
