"""Keeping an office's officials register: office admins add and change its rows."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from core.activity import log_activity
from core.locking import check_lock_version

from .access import administers
from .models import Official


@transaction.atomic
def official_save(*, actor, official: Official, lock_version: int | None = None) -> Official:
    """Add or change a row of the register of `official.office` (its admins, or an admin
    of an office above it); validated, logged on the office. A change made from a form
    opened before someone else saved the row is refused (`lock_version`)."""
    if not administers(actor, official.office):
        raise PermissionDenied
    if official.pk is not None:
        stored = Official.objects.select_for_update().get(pk=official.pk)
        check_lock_version(stored, lock_version)
        official.lock_version = stored.lock_version + 1
    official.nip = "".join(official.nip.split())
    official.full_clean()
    created = official.pk is None
    official.save()
    message = _("Pejabat %(official)s dicatat.") if created else _("Pejabat %(official)s diubah.")
    log_activity(
        subject=official.office,
        action="official.created" if created else "official.updated",
        actor=actor,
        message=message % {"official": official},
    )
    return official
