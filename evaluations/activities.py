"""Activities of an evaluated period and their evidence files.

Evidence is checked like agreement attachments: by content (PDF, PNG or JPEG), at most
20 MB, hashed, stored privately under a random name and served only by the scoped view.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from core import uploads
from core.activity import log_activity
from core.locking import check_lock_version

from .models import Activity, Evaluation, Evidence
from .services import lock_for_edit

ACTIVITY_FIELDS = ("date", "description", "place", "output", "participants")


def _bump(evaluation: Evaluation) -> None:
    Evaluation.objects.filter(pk=evaluation.pk).update(lock_version=F("lock_version") + 1)


def _check_date(evaluation: Evaluation, day: datetime.date) -> None:
    if not evaluation.period_start <= day <= evaluation.period_end:
        raise ValidationError(
            {
                "date": _("Tanggal kegiatan harus dalam periode %(period)s (%(start)s–%(end)s).")
                % {
                    "period": evaluation.period_label,
                    "start": evaluation.period_start.strftime("%d-%m-%Y"),
                    "end": evaluation.period_end.strftime("%d-%m-%Y"),
                }
            }
        )


@transaction.atomic
def activity_add(*, user, evaluation: Evaluation, **fields) -> Activity:
    """Record an activity of the evaluated period (date inside the period)."""
    locked = lock_for_edit(user, evaluation)
    _check_date(locked, fields["date"])
    activity = Activity(evaluation=locked, **{k: fields[k] for k in ACTIVITY_FIELDS if k in fields})
    activity.full_clean()
    activity.save()
    _bump(locked)
    log_activity(
        subject=locked,
        action="activity.added",
        actor=user,
        message=_("Kegiatan dicatat: %(activity)s.") % {"activity": activity},
    )
    return activity


@transaction.atomic
def activity_update(
    *, user, activity: Activity, lock_version: int | None = None, **fields
) -> Activity:
    """Change an activity. A form opened before someone else saved it is refused."""
    locked = lock_for_edit(user, activity.evaluation)
    stored = Activity.objects.select_for_update().get(pk=activity.pk)
    check_lock_version(stored, lock_version)
    _check_date(locked, fields.get("date", activity.date))
    for name in ACTIVITY_FIELDS:
        if name in fields:
            setattr(activity, name, fields[name])
    activity.lock_version = stored.lock_version + 1
    activity.full_clean()
    activity.save()
    _bump(locked)
    log_activity(
        subject=locked,
        action="activity.updated",
        actor=user,
        message=_("Kegiatan diubah: %(activity)s.") % {"activity": activity},
    )
    return activity


@transaction.atomic
def activity_remove(*, user, activity: Activity) -> None:
    """Delete an activity with its evidence files (files go once the rows are surely gone)."""
    locked = lock_for_edit(user, activity.evaluation)
    files = [(e.file.storage, e.file.name) for e in activity.evidence.all()]
    log_activity(
        subject=locked,
        action="activity.removed",
        actor=user,
        message=_("Kegiatan dihapus: %(activity)s.") % {"activity": activity},
    )
    activity.delete()
    _bump(locked)
    transaction.on_commit(lambda: _delete_files(files))


def _delete_files(files: list) -> None:
    for storage, name in files:
        storage.delete(name)


@transaction.atomic
def evidence_add(*, user, activity: Activity, upload) -> Evidence:
    """Store `upload` as evidence of `activity` (PDF/PNG/JPEG by content, ≤ 20 MB)."""
    locked = lock_for_edit(user, activity.evaluation)
    evidence = Evidence(activity=activity)
    uploads.store_upload(evidence, upload, user=user)
    with uploads.discard_file_on_error(evidence):
        evidence.full_clean()
        evidence.save()
        _bump(locked)
        log_activity(
            subject=locked,
            action="evidence.added",
            actor=user,
            message=evidence.original_name,
            changes={"evidence": evidence.pk, "size": evidence.size, "sha256": evidence.sha256},
        )
    return evidence


@transaction.atomic
def evidence_remove(*, user, evidence: Evidence) -> None:
    locked = lock_for_edit(user, evidence.activity.evaluation)
    log_activity(
        subject=locked,
        action="evidence.removed",
        actor=user,
        message=evidence.original_name,
        changes={"evidence": evidence.pk, "sha256": evidence.sha256},
    )
    storage, name = evidence.file.storage, evidence.file.name
    evidence.delete()
    _bump(locked)
    transaction.on_commit(lambda: storage.delete(name))
