"""State changes for offices, users and memberships."""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.activity import log_activity
from core.locking import check_lock_version

from .access import administers
from .models import Membership, Office

User = get_user_model()
OFFICES_CSV = Path(__file__).resolve().parent / "data" / "offices.csv"
OFFICE_FIELDS = ("level", "name", "region_name", "timezone", "city")


@dataclass
class LoadResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)


def _read_rows(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _match(row: dict, by_code: dict[str, Office], national: Office | None) -> Office | None:
    if row["level"] == Office.Level.NATIONAL:
        return national
    for code in [row["code"], *filter(None, row["previous_codes"].split(";"))]:
        if code in by_code:
            return by_code[code]
    return None


def _apply(office: Office, row: dict, parent: Office | None) -> bool:
    changed = False
    # A signing city an admin chose is theirs; the data file's capital is only the default.
    names = [n for n in OFFICE_FIELDS if not (n == "city" and office.city_set_by_office)]
    values = {name: row[name] for name in names} | {"code": row["code"]}
    for name, value in values.items():
        if getattr(office, name) != value:
            setattr(office, name, value)
            changed = True
    if office.parent_id != (parent.pk if parent else None) or not office.is_active:
        office.parent, office.is_active = parent, True
        changed = True
    return changed


@transaction.atomic
def offices_load(*, path: Path = OFFICES_CSV) -> LoadResult:
    """Create or update the offices of `path` in place; deactivate (never delete) the rest.

    Rows are matched by code, then by a previous code (regions that moved in a split), so
    an office keeps its id and its data when Kemendagri renumbers it. Parents come first in
    the file, so each row's parent already exists when it is applied. `city` follows the file
    (the regency's capital) unless an admin has set the office's own (`city_set_by_office`).
    """
    result = LoadResult()
    offices = list(Office.objects.select_for_update())
    by_code = {o.code: o for o in offices if o.code}
    national = next((o for o in offices if o.level == Office.Level.NATIONAL), None)
    seen: set[int] = set()
    for row in _read_rows(path):
        parent = (
            national if row["level"] == Office.Level.PROVINCE else by_code.get(row["parent_code"])
        )
        office = _match(row, by_code, national)
        if office is None:
            office = Office()
            _apply(office, row, parent)
            office.save()
            result.created.append(office.name)
        elif _apply(office, row, parent):
            office.save()
            result.updated.append(office.name)
        if office.level == Office.Level.NATIONAL:
            national = office
        by_code[office.code] = office
        seen.add(office.pk)
    stale = [o for o in offices if o.pk not in seen and o.is_active]
    for office in stale:
        office.is_active = False
        office.save(update_fields=["is_active", "updated_at"])
        result.deactivated.append(office.name)
    return result


def _require_admin(actor, office: Office) -> None:
    if not administers(actor, office):
        raise PermissionDenied


@transaction.atomic
def office_update(*, actor, office: Office, lock_version: int | None, fields) -> Office:
    """Save an office's contact data, already set on `office` by its form (`fields` names
    them). A form opened before someone else saved is refused (optimistic lock). A changed
    signing city is marked as the office's own, so load_offices no longer replaces it."""
    _require_admin(actor, office)
    stored = Office.objects.select_for_update().get(pk=office.pk)
    check_lock_version(stored, lock_version)
    changed = [name for name in fields if getattr(stored, name) != getattr(office, name)]
    if "city" in changed:
        office.city_set_by_office = True
    office.lock_version = stored.lock_version + 1
    office.full_clean()
    office.save()
    if changed:
        log_activity(
            subject=office,
            action="office.updated",
            actor=actor,
            message=_("Data kantor diubah: %(fields)s.")
            % {"fields": ", ".join(str(Office._meta.get_field(n).verbose_name) for n in changed)},
        )
    return office


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    password: str,
    office: Office,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> "User":
    """Create a user with one membership, in an office `actor` administers."""
    _require_admin(actor, office)
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    membership_add(actor=actor, user=user, office=office, role=role)
    log_activity(
        subject=user,
        action="user.created",
        actor=actor,
        message=_("Akun dibuat di %(office)s.") % {"office": office},
    )
    return user


def _lock_user(user, lock_version: int | None) -> None:
    """Lock the user row, refuse a page opened before another admin changed this user, and
    make every page opened so far stale."""
    stored = User.objects.select_for_update().get(pk=user.pk)
    check_lock_version(stored, lock_version)
    User.objects.filter(pk=user.pk).update(lock_version=stored.lock_version + 1)
    user.lock_version = stored.lock_version + 1


@transaction.atomic
def membership_add(
    *, actor, user, office: Office, role: str, lock_version: int | None = None
) -> Membership:
    """Give `user` a role in `office`; `actor` must administer that office."""
    _require_admin(actor, office)
    _lock_user(user, lock_version)
    membership = Membership(user=user, office=office, role=role)
    membership.full_clean()
    membership.save()
    log_activity(
        subject=user,
        action="membership.added",
        actor=actor,
        message=_("Peran %(role)s di %(office)s ditambahkan.")
        % {"role": membership.get_role_display(), "office": office},
    )
    return membership


@transaction.atomic
def membership_remove(*, actor, membership: Membership, lock_version: int | None = None) -> None:
    """Take a role away; a user keeps at least one membership (deactivate them instead)."""
    _require_admin(actor, membership.office)
    _lock_user(membership.user, lock_version)
    if membership.user.memberships.count() <= 1:
        raise ValidationError(
            _("Peran terakhir tidak dapat dihapus. Nonaktifkan penggunanya bila perlu.")
        )
    membership.delete()
    log_activity(
        subject=membership.user,
        action="membership.removed",
        actor=actor,
        message=_("Peran %(role)s di %(office)s dihapus.")
        % {"role": membership.get_role_display(), "office": membership.office},
    )


@transaction.atomic
def user_set_active(*, actor, user, active: bool, lock_version: int | None = None) -> "User":
    """Activate or deactivate a user in the offices `actor` administers (never oneself)."""
    offices = [m.office for m in user.memberships.select_related("office__parent")]
    if not offices or not all(administers(actor, office) for office in offices):
        raise PermissionDenied
    if user.pk == actor.pk:
        raise ValidationError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."))
    _lock_user(user, lock_version)
    user.is_active = active
    user.save(update_fields=["is_active"])
    log_activity(
        subject=user,
        action="user.activated" if active else "user.deactivated",
        actor=actor,
        message=_("Akun diaktifkan.") if active else _("Akun dinonaktifkan."),
    )
    return user
