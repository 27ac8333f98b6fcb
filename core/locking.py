"""Optimistic locking of edit forms: a stale form is refused, never silently saved over.

An edited row carries `lock_version`; its form sends back the version it was opened with
(a hidden field), and the service compares it with the row it has locked
(`select_for_update`) before saving, then bumps it. Every edit path uses the same message.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

STALE_EDIT = _(
    "Data ini sudah diubah orang lain sejak Anda membukanya. Muat ulang halaman; "
    "perubahan Anda belum disimpan."
)


def lock_version_field() -> forms.IntegerField:
    """The hidden form field that carries the version the user opened."""
    return forms.IntegerField(widget=forms.HiddenInput, required=False)


def posted_lock_version(form: forms.Form) -> int:
    """The version a valid edit form was opened with; 0 (always stale) when it is missing."""
    return form.cleaned_data.get("lock_version") or 0


def lock_version_in(data) -> int:
    """The `lock_version` of a plain posted form (a button form without a Form class); 0,
    always stale, when missing or not a number."""
    value = str(data.get("lock_version", ""))
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else 0


def check_lock_version(stored: models.Model, lock_version: int | None) -> None:
    """Refuse with STALE_EDIT unless `lock_version` is the version of the `stored` row
    (read under `select_for_update` by the caller). None: the change comes from no form (a
    command, the demo seed), so there is no opened version to compare."""
    if lock_version is not None and stored.lock_version != lock_version:
        raise ValidationError(STALE_EDIT, code="stale")


def bump_lock_version(instance: models.Model) -> None:
    """Make every form opened on `instance` so far stale (an UPDATE, then re-read)."""
    type(instance)._default_manager.filter(pk=instance.pk).update(
        lock_version=F("lock_version") + 1
    )
    instance.refresh_from_db(fields=["lock_version"])
