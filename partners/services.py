"""State changes of the partner registry: create, update, contacts, merge and its reversal."""

import json

from django.core import serializers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from core.activity import log_activity
from core.locking import check_lock_version
from core.models import ActivityLog
from offices.models import Office

from .access import can_edit, can_merge, can_register
from .models import Contact, Partner


def _changes(before: dict, partner: Partner, fields) -> dict:
    return {
        name: [str(before[name]), str(getattr(partner, name))]
        for name in fields
        if before[name] != getattr(partner, name)
    }


def _save_new(row, *, actor, subject: Partner, action: str, message: str) -> models.Model:
    """Validate and save a new `row`, its `action` logged on the partner `subject`."""
    row.full_clean()
    row.save()
    log_activity(subject=subject, action=action, actor=actor, message=message)
    return row


@transaction.atomic
def partner_create(*, actor, office: Office, **fields) -> Partner:
    """Register a partner on behalf of `office` (the actor must be its operator or admin)."""
    if not can_register(actor, office):
        raise PermissionDenied
    partner = Partner(registered_by=office, **fields)
    message = _("Didaftarkan oleh %(office)s.") % {"office": office}
    return _save_new(
        partner, actor=actor, subject=partner, action="partner.created", message=message
    )


@transaction.atomic
def partner_update(
    *, actor, partner: Partner, lock_version: int | None = None, **fields
) -> Partner:
    """Change a partner's profile; the changed fields go to the activity log. A form opened
    before someone else saved is refused (optimistic lock, core.locking)."""
    if not can_edit(actor, partner):
        raise PermissionDenied
    # The form has already written the new values onto `partner`; compare with the stored row.
    stored = Partner.objects.select_for_update().get(pk=partner.pk)
    check_lock_version(stored, lock_version)
    before = {name: getattr(stored, name) for name in fields}
    for name, value in fields.items():
        setattr(partner, name, value)
    partner.lock_version = stored.lock_version + 1
    partner.full_clean()
    partner.save()
    changes = _changes(before, partner, fields)
    if changes:
        log_activity(
            subject=partner,
            action="partner.updated",
            actor=actor,
            message=_("Profil diubah: %(fields)s.") % {"fields": ", ".join(sorted(changes))},
            changes=changes,
        )
    return partner


@transaction.atomic
def contact_add(*, actor, partner: Partner, **fields) -> Contact:
    if not can_edit(actor, partner):
        raise PermissionDenied
    contact = Contact(partner=partner, **fields)
    message = _("Narahubung %(name)s ditambahkan.") % {"name": contact.name}
    return _save_new(
        contact, actor=actor, subject=partner, action="partner.contact_added", message=message
    )


@transaction.atomic
def contact_remove(*, actor, contact: Contact) -> None:
    if not can_edit(actor, contact.partner):
        raise PermissionDenied
    contact.delete()
    log_activity(
        subject=contact.partner,
        action="partner.contact_removed",
        actor=actor,
        message=_("Narahubung %(name)s dihapus.") % {"name": contact.name},
    )


def _references(partner: Partner):
    """Every foreign key pointing at a partner: (model, field name), found from the schema.

    Later apps (agreements) add their own references; a merge moves them without knowing
    them by name.
    """
    for relation in Partner._meta.related_objects:
        if relation.one_to_many and relation.field.name != "merged_into":
            yield relation.related_model, relation.field.name


def _unique_with(model, field: str) -> list[list[str]]:
    """The other fields of each unconditional unique constraint of `model` that holds `field`
    (for agreements.Party: ["agreement"], from `party_partner_once`)."""
    groups = [
        [name for name in constraint.fields if name != field]
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint)
        and field in constraint.fields
        and constraint.condition is None
    ]
    groups += [
        [name for name in together if name != field]
        for together in model._meta.unique_together
        if field in together
    ]
    return groups


def _drop_duplicates(model, field: str, survivor: Partner, retired: Partner) -> list:
    """Rows of `retired` that would repeat a row of `survivor` once moved (both partners are
    parties of one agreement): the survivor's row is kept, these are deleted and returned
    (unsaved copies), so the merge can log them and an unmerge can put them back."""
    manager = model._default_manager
    duplicates = {}
    for others in _unique_with(model, field):
        attnames = [model._meta.get_field(name).attname for name in others]
        taken = set(manager.filter(**{field: survivor}).values_list(*attnames))
        for row in manager.filter(**{field: retired}).order_by("pk"):
            if tuple(getattr(row, name) for name in attnames) in taken:
                duplicates[row.pk] = row
    rows = list(duplicates.values())
    if rows:
        manager.filter(pk__in=list(duplicates)).delete()
    return rows


@transaction.atomic
def partner_merge(*, actor, survivor: Partner, retired: Partner) -> ActivityLog:
    """Move every reference from `retired` to `survivor` and retire it; logged for reversal.

    Where both are referenced by one row group that allows a partner once (both are parties
    of one agreement), the survivor's row stays and the retired partner's row is removed; the
    model is told (`partner_merge_dropped`) so it can tidy up and log on its own subject.
    """
    if not can_merge(actor):
        raise PermissionDenied
    if survivor.pk == retired.pk:
        raise ValidationError(_("Pilih dua mitra yang berbeda."))
    if survivor.is_retired or retired.is_retired:
        raise ValidationError(_("Mitra yang sudah digabung tidak dapat digabung lagi."))
    moved, dropped = {}, {}
    for model, field in _references(retired):
        key = f"{model._meta.label}.{field}"
        duplicates = _drop_duplicates(model, field, survivor, retired)
        if duplicates:
            dropped[key] = json.loads(serializers.serialize("json", duplicates))
            if hasattr(model, "partner_merge_dropped"):
                model.partner_merge_dropped(
                    rows=duplicates, survivor=survivor, retired=retired, actor=actor
                )
        rows = model._default_manager.filter(**{field: retired})
        if model is Partner and field == "parent":
            rows = rows.exclude(pk=survivor.pk)
        ids = list(rows.values_list("pk", flat=True))
        if ids:
            model._default_manager.filter(pk__in=ids).update(**{field: survivor})
            moved[key] = ids
    retired.merged_into = survivor
    retired.save(update_fields=["merged_into", "updated_at"])
    changes = {
        "survivor": survivor.pk,
        "retired": retired.pk,
        "retired_name": retired.name,
        "moved": moved,
        "dropped": dropped,
    }
    message = _("%(retired)s digabung ke mitra ini.") % {"retired": retired.name}
    dropped_count = sum(len(rows) for rows in dropped.values())
    if dropped_count:
        message += " " + _(
            "%(count)s keterkaitan ganda (kedua mitra menjadi pihak pada perjanjian yang sama) "
            "disatukan; yang dipertahankan milik mitra ini."
        ) % {"count": dropped_count}
    log_activity(
        subject=survivor, action="partner.merged", actor=actor, message=message, changes=changes
    )
    return log_activity(
        subject=retired,
        action="partner.retired",
        actor=actor,
        message=_("Digabung ke %(survivor)s.") % {"survivor": survivor.name},
        changes=changes,
    )


def _restore_dropped(dropped: dict, actor) -> int:
    """Put back the rows a merge removed as duplicates; a row that no longer fits (its
    agreement is gone, or it would now repeat a row) stays out. Returns how many did not."""
    skipped = 0
    for data in dropped.values():
        restored = []
        for item in serializers.deserialize("json", json.dumps(data)):
            row = item.object
            try:
                row.full_clean()
            except ValidationError:
                skipped += 1
                continue
            row.save(force_insert=True)
            restored.append(row)
        if restored and hasattr(type(restored[0]), "partner_merge_restored"):
            type(restored[0]).partner_merge_restored(rows=restored, actor=actor)
    return skipped


@transaction.atomic
def partner_unmerge(*, actor, log: ActivityLog) -> Partner:
    """Reverse a merge from its log entry: the references move back, the partner returns."""
    from django.apps import apps

    if not can_merge(actor):
        raise PermissionDenied
    if log.action != "partner.retired":
        raise ValidationError(_("Entri log ini bukan penggabungan mitra."))
    retired = Partner.objects.select_for_update().get(pk=log.changes["retired"])
    if retired.merged_into_id != log.changes["survivor"]:
        raise ValidationError(_("Penggabungan ini sudah dibatalkan."))
    for key, ids in log.changes["moved"].items():
        label, field = key.rsplit(".", 1)
        model = apps.get_model(label)
        model._default_manager.filter(pk__in=ids).update(**{field: retired})
    skipped = _restore_dropped(log.changes.get("dropped", {}), actor)
    retired.merged_into = None
    retired.save(update_fields=["merged_into", "updated_at"])
    message = _("Penggabungan dibatalkan; mitra aktif kembali.")
    if skipped:
        message += " " + _(
            "%(count)s keterkaitan yang dulu disatukan tidak dapat dipulihkan karena datanya "
            "sudah berubah."
        ) % {"count": skipped}
    log_activity(
        subject=retired,
        action="partner.unmerged",
        actor=actor,
        message=message,
        changes=log.changes,
    )
    return retired
