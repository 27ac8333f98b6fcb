"""Clauses (Pasal): the current template of each kind, copying it into a draft, editing a
draft's clauses, and new template versions.

Clause rows are copies: a new template version never changes an existing agreement.
Placeholders stay in the stored text and are filled (agreements.placeholders) whenever a
clause is shown or printed, so a draft follows its dates, partner and budget until it is
signed.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.activity import log_activity
from core.locking import STALE_EDIT, bump_lock_version, check_lock_version
from offices.access import is_national_admin

from .access import can_write, require_write
from .checklist import required_clauses_of
from .clause_defaults import default_items
from .models import Agreement, Clause, ClauseTemplate, ClauseTemplateItem, Kind
from .placeholders import fill_placeholders, placeholder_values
from .search import refresh_search_document

# --- Templates -------------------------------------------------------------------------


def current_template(kind: str) -> ClauseTemplate:
    """The current template version of `kind`; version 1 from the defaults on first use.

    Two requests racing to create it: the loser's insert fails on the one-current
    constraint (inside a savepoint) and it reads the winner's row instead.
    """
    found = _current(kind)
    if found is not None:
        return found
    if kind not in Kind.values:
        raise ValueError(f"Unknown agreement kind: {kind!r}")
    try:
        with transaction.atomic():
            return _create_version(kind=kind, items=default_items(kind), user=None, note="")
    except IntegrityError:
        return ClauseTemplate.objects.get(kind=kind, is_current=True)


def _current(kind: str) -> ClauseTemplate | None:
    return ClauseTemplate.objects.filter(kind=kind, is_current=True).first()


def _create_version(*, kind: str, items: list[dict], user, note: str) -> ClauseTemplate:
    """Insert the next version of `kind` as the current one, with its items."""
    last = ClauseTemplate.objects.filter(kind=kind).aggregate(last=Max("version"))["last"]
    template = ClauseTemplate.objects.create(
        kind=kind, version=(last or 0) + 1, is_current=True, created_by=user, note=note
    )
    rows = [
        ClauseTemplateItem(
            template=template,
            position=position,
            key=item["key"],
            heading=item["heading"],
            body=item["body"],
            required=item["required"],
        )
        for position, item in enumerate(items, start=1)
    ]
    ClauseTemplateItem.objects.bulk_create(rows)
    return template


def can_manage_templates(user) -> bool:
    """National admins (ADMIN of KPU RI) and superusers edit the clause templates."""
    return is_national_admin(user)


def _clean_items(items: list[dict]) -> list[dict]:
    """Order by position, require headings, derive missing keys and refuse duplicate keys."""
    ordered = sorted(enumerate(items), key=lambda pair: (pair[1].get("position") or 10**6, pair[0]))
    cleaned, keys = [], set()
    for number, (_index, item) in enumerate(ordered, start=1):
        heading = (item.get("heading") or "").strip()
        if not heading:
            raise ValidationError(_("Pasal %(n)s: judul pasal wajib diisi.") % {"n": number})
        given = slugify(item.get("key") or "")[:40].strip("-")
        key = given or slugify(heading)[:36].strip("-") or f"pasal-{number}"
        if key in keys and given:
            raise ValidationError(
                _("Kunci “%(key)s” dipakai lebih dari satu pasal.") % {"key": key}
            )
        base, suffix = key, 2
        while key in keys:
            key, suffix = f"{base}-{suffix}", suffix + 1
        keys.add(key)
        body = _normalise_text(item.get("body") or "")
        row = {"key": key, "heading": heading, "body": body, "required": bool(item.get("required"))}
        try:
            ClauseTemplateItem(position=number, **row).full_clean(exclude=["template"])
        except ValidationError as error:
            details = "; ".join(
                f"{ClauseTemplateItem._meta.get_field(name).verbose_name}: {' '.join(messages)}"
                for name, messages in error.message_dict.items()
            )
            raise ValidationError(
                _("Pasal %(n)s (%(heading)s): %(details)s")
                % {"n": number, "heading": heading, "details": details}
            ) from error
        cleaned.append(row)
    if not cleaned:
        raise ValidationError(_("Templat harus memuat sedikitnya satu pasal."))
    return cleaned


@transaction.atomic
def template_new_version(
    *, user, kind: str, items: list[dict], note: str, lock_version: int | None = None
) -> ClauseTemplate:
    """Make version N+1 of `kind` the current template; existing agreements keep their copies.

    `items` are dicts {heading, key, body, required, position}, ordered by position.
    `lock_version` is the version the form was opened on: a newer one saved meanwhile by
    another admin is not silently replaced (optimistic lock).
    """
    if not can_manage_templates(user):
        raise PermissionDenied
    if kind not in Kind.values:
        raise ValidationError(_("Jenis perjanjian tidak dikenal."))
    cleaned = _clean_items(items)
    previous = current_template(kind)
    # Lock every version of the kind: a second editor waits here, then reads the new maximum.
    versions = list(ClauseTemplate.objects.select_for_update().filter(kind=kind))
    current = next((t for t in versions if t.is_current), previous)
    if lock_version is not None and current.version != lock_version:
        raise ValidationError(STALE_EDIT, code="stale")
    # The one-current constraint is checked per statement: retire the old version first.
    ClauseTemplate.objects.filter(kind=kind, is_current=True).update(is_current=False)
    template = _create_version(kind=kind, items=cleaned, user=user, note=(note or "").strip())
    log_activity(
        subject=template,
        action="clause_template.created",
        actor=user,
        message=_("Templat pasal %(kind)s versi %(new)s menggantikan versi %(old)s.")
        % {"kind": template.get_kind_display(), "new": template.version, "old": previous.version},
    )
    return template


def clauses_from_template(*, agreement: Agreement, template: ClauseTemplate) -> list[Clause]:
    """Copy the template's Pasal into `agreement` as its own, freely editable clauses."""
    items = template.items.order_by("position", "pk")
    return Clause.objects.bulk_create(
        Clause(
            agreement=agreement,
            position=position,
            key=item.key,
            heading=item.heading,
            body=item.body,
        )
        for position, item in enumerate(items, start=1)
    )


def clause_context(
    agreement: Agreement,
    user,
    *,
    clauses: list[Clause] | None = None,
    required_keys: set[str] | None = None,
) -> dict:
    """What templates/agreements/clauses/clause_list.html needs: agreement, clauses
    (a list of (clause, rendered body)) and can_edit. Query count is independent of the
    number of clauses; each clause gets `is_required` from the agreement's template.
    The detail page passes the clauses (in order) and required keys it has already read."""
    values = placeholder_values(agreement)
    if required_keys is None:
        required_keys = {key for key, _heading in required_clauses_of(agreement)}
    if clauses is None:
        clauses = list(agreement.clauses.order_by("position", "pk"))
    rendered = []
    for clause in clauses:
        clause.is_required = bool(clause.key) and clause.key in required_keys
        rendered.append((clause, fill_placeholders(clause.body, values)))
    can_edit = agreement.is_editable and can_write(user, agreement)
    parent_clauses = []
    if can_edit and agreement.kind == Kind.ADDENDUM and agreement.parent_id:
        parent_clauses = list(
            Clause.objects.filter(agreement_id=agreement.parent_id).order_by("position", "pk")
        )
    return {
        "agreement": agreement,
        "clauses": rendered,
        "can_edit": can_edit,
        "parent_clauses": parent_clauses,
    }


# --- Editing a draft's clauses ----------------------------------------------------------


def _normalise_text(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()


def _lock_editable(user, agreement: Agreement) -> list[Clause]:
    """Check the writer, lock the agreement row, refuse unless it is a draft; return its
    clauses in order (read under the lock, so concurrent edits queue up)."""
    require_write(user, agreement)
    state = (
        Agreement.objects.select_for_update().values_list("state", flat=True).get(pk=agreement.pk)
    )
    if state not in (Agreement.State.DRAFT, Agreement.State.RETURNED):
        raise ValidationError(
            _("Pasal hanya dapat diubah selama perjanjian masih draf atau dikembalikan.")
        )
    return list(agreement.clauses.order_by("position", "pk"))


def _renumber(clauses: list[Clause]) -> None:
    changed = []
    for position, clause in enumerate(clauses, start=1):
        if clause.position != position:
            clause.position = position
            changed.append(clause)
    Clause.objects.bulk_update(changed, ["position"])


def _touch(agreement: Agreement, *, user, action: str, message: str, changes=None) -> None:
    """Bump the lock version, refresh the search text and record the event."""
    bump_lock_version(agreement)
    refresh_search_document(agreement)
    log_activity(subject=agreement, action=action, actor=user, message=message, changes=changes)


def _index_of(clauses: list[Clause], clause: Clause) -> int:
    for index, candidate in enumerate(clauses):
        if candidate.pk == clause.pk:
            return index
    raise ValidationError(_("Pasal ini sudah dihapus. Muat ulang halaman."))


def _validated(clause: Clause, heading: str, body: str) -> Clause:
    clause.heading, clause.body = (heading or "").strip(), _normalise_text(body or "")
    if not clause.heading:
        raise ValidationError({"heading": _("Judul pasal wajib diisi.")})
    clause.full_clean()
    return clause


@transaction.atomic
def clause_add(
    *, user, agreement: Agreement, heading: str, body: str, after: Clause | None = None
) -> Clause:
    """Add a Pasal at the end, or right after `after`."""
    clauses = _lock_editable(user, agreement)
    index = len(clauses) if after is None else _index_of(clauses, after) + 1
    keys = {c.key for c in clauses}
    # A re-added standard Pasal ("Sanksi") gets its template key back, so the checklist sees it.
    key = slugify(heading or "")[:40].strip("-")
    clause = Clause(agreement=agreement, position=index + 1, key="" if key in keys else key)
    _validated(clause, heading, body).save()
    clauses.insert(index, clause)
    _renumber(clauses)
    _touch(
        agreement,
        user=user,
        action="clause.added",
        message=_("Pasal %(n)s “%(heading)s” ditambahkan.")
        % {"n": clause.position, "heading": clause.heading},
    )
    return clause


@transaction.atomic
def clause_update(
    *, user, clause: Clause, heading: str, body: str, lock_version: int | None = None
) -> Clause:
    """Change a Pasal's heading and text; the old values go to the activity log. A form
    opened before someone else saved this Pasal is refused (optimistic lock)."""
    agreement = clause.agreement
    clauses = _lock_editable(user, agreement)
    stored = clauses[_index_of(clauses, clause)]
    check_lock_version(stored, lock_version)
    before = {"heading": stored.heading, "body": stored.body}
    stored.lock_version += 1
    _validated(stored, heading, body).save(update_fields=["heading", "body", "lock_version"])
    clause.lock_version = stored.lock_version
    clause.heading, clause.body, clause.position = stored.heading, stored.body, stored.position
    changes = {
        name: [before[name], getattr(stored, name)]
        for name in before
        if before[name] != getattr(stored, name)
    }
    if changes:
        _touch(
            agreement,
            user=user,
            action="clause.updated",
            message=_("Pasal %(n)s “%(heading)s” diubah.")
            % {"n": stored.position, "heading": stored.heading},
            changes=changes,
        )
    return clause


@transaction.atomic
def clause_remove(*, user, clause: Clause) -> None:
    """Delete a Pasal and close the gap in the numbering."""
    agreement = clause.agreement
    clauses = _lock_editable(user, agreement)
    stored = clauses.pop(_index_of(clauses, clause))
    stored.delete()
    _renumber(clauses)
    _touch(
        agreement,
        user=user,
        action="clause.removed",
        message=_("Pasal %(n)s “%(heading)s” dihapus.")
        % {"n": stored.position, "heading": stored.heading},
        changes={"heading": stored.heading, "body": stored.body},
    )


@transaction.atomic
def clause_move(*, user, clause: Clause, direction: str) -> Clause:
    """Swap a Pasal with its neighbour ("up" or "down"); at either end nothing changes."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Arah pemindahan tidak dikenal."))
    agreement = clause.agreement
    clauses = _lock_editable(user, agreement)
    index = _index_of(clauses, clause)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(clauses):
        return clauses[index]
    clauses[index], clauses[target] = clauses[target], clauses[index]
    old_position = clauses[target].position
    _renumber(clauses)
    moved = clauses[target]
    clause.position = moved.position
    _touch(
        agreement,
        user=user,
        action="clause.moved",
        message=_("Pasal “%(heading)s” dipindahkan dari Pasal %(old)s ke Pasal %(new)s.")
        % {"heading": moved.heading, "old": old_position, "new": moved.position},
    )
    return moved
