"""Lifecycle of an agreement. Views, the API, tasks and commands all change state here."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.activity import log_activity
from core.figures import figures_changed
from core.idn import long_date
from core.locking import check_lock_version
from notifications.models import Kind as NotificationKind
from notifications.services import resolve as resolve_notifications
from offices.models import Office
from reviews.models import Review
from reviews.services import review_open

from .access import can_write_for, require_write
from .checklist import agreement_checklist, checklist_passes, checklist_snapshot
from .clauses import clauses_from_template, current_template
from .date_rules import check_signed_on, check_term
from .documents import document_request
from .models import Agreement, Attachment, Kind, Party
from .numbering import assign_kpu_number
from .placeholders import agreement_unfilled, unfilled_message
from .search import refresh_search_document

State = Agreement.State


def _require_state(agreement: Agreement, *states: str, message: str) -> None:
    if agreement.state not in states:
        raise ValidationError(message)


def _changes(before: Agreement, after: Agreement, fields) -> dict:
    return {
        name: [str(getattr(before, name)), str(getattr(after, name))]
        for name in fields
        if getattr(before, name) != getattr(after, name)
    }


@transaction.atomic
def agreement_create(
    *,
    user,
    office: Office,
    kind: str,
    title: str,
    partners: list[dict] | None = None,
    allow_long_term: bool = False,
    **fields,
) -> Agreement:
    """Start a draft of `office` from the current clause template of its kind.

    `partners` is a list of {"partner", "signatory_name", "signatory_title"} in party order.
    A term over ten years needs `allow_long_term` from a national admin (date_rules).
    """
    if not can_write_for(user, office):
        raise PermissionDenied
    fields.setdefault(
        "kpu_signatory_title",
        Agreement.SignatoryTitle.CHAIR if kind == Kind.NK else Agreement.SignatoryTitle.SECRETARY,
    )
    template = current_template(kind)
    agreement = Agreement(
        office=office, kind=kind, title=title, template=template, created_by=user, **fields
    )
    _apply_official(agreement)
    agreement.full_clean()
    _check_parent(agreement)
    check_term(agreement, user=user, allow_long_term=allow_long_term)
    agreement.save()
    clauses_from_template(agreement=agreement, template=template)
    for position, party in enumerate(partners or [], start=1):
        Party.objects.create(agreement=agreement, position=position, **party)
    refresh_search_document(agreement)
    log_activity(
        subject=agreement,
        action="agreement.created",
        actor=user,
        message=_("Draf dibuat dari %(template)s.") % {"template": template},
    )
    return agreement


def _apply_official(agreement: Agreement) -> None:
    """A KPU signatory picked from the officials register: their name, position and acting
    status (Plt./Plh.) are copied onto the agreement, so a later change to the register
    never rewrites what was drafted or signed."""
    official = agreement.kpu_official
    if official is None:
        return
    if official.office_id != agreement.office_id:
        raise ValidationError({"kpu_official": _("Pilih pejabat dari kantor ini.")})
    if official.position not in Agreement.SignatoryTitle.values:
        raise ValidationError(
            {"kpu_official": _("Penanda tangan KPU adalah Ketua atau Sekretaris.")}
        )
    agreement.kpu_signatory_name = official.name
    agreement.kpu_signatory_title = official.position
    agreement.kpu_signatory_acting = official.prefix.strip()


def _check_parent(agreement: Agreement) -> None:
    parent = agreement.parent
    if agreement.kind == Kind.ADDENDUM and parent is None:
        raise ValidationError({"parent": _("Adendum harus menunjuk perjanjian yang diubahnya.")})
    if parent is None:
        return
    if agreement.kind == Kind.PKS and parent.kind != Kind.NK:
        raise ValidationError({"parent": _("PKS hanya dapat melaksanakan Nota Kesepahaman.")})
    if agreement.kind == Kind.ADDENDUM and parent.state != State.SIGNED:
        raise ValidationError(
            {"parent": _("Hanya perjanjian yang sudah ditandatangani yang dapat diubah.")}
        )
    if agreement.kind in (Kind.NK, Kind.OTHER):
        raise ValidationError({"parent": _("Jenis ini tidak memiliki perjanjian induk.")})


@transaction.atomic
def agreement_update(
    *, user, agreement: Agreement, lock_version: int, allow_long_term: bool = False, **fields
) -> Agreement:
    """Change a draft. A form opened before someone else saved is refused (optimistic lock)."""
    require_write(user, agreement)
    stored = Agreement.objects.select_for_update().get(pk=agreement.pk)
    check_lock_version(stored, lock_version)
    if not stored.is_editable:
        raise ValidationError(_("Hanya draf atau yang dikembalikan yang dapat diubah."))
    for name, value in fields.items():
        setattr(agreement, name, value)
    _apply_official(agreement)
    agreement.full_clean()
    _check_parent(agreement)
    check_term(agreement, user=user, allow_long_term=allow_long_term)
    agreement.lock_version = stored.lock_version + 1
    agreement.save()
    refresh_search_document(agreement)
    changes = _changes(stored, agreement, fields)
    if changes:
        log_activity(
            subject=agreement,
            action="agreement.updated",
            actor=user,
            message=_("Draf diubah: %(fields)s.")
            % {
                "fields": ", ".join(str(Agreement._meta.get_field(f).verbose_name) for f in changes)
            },
            changes=changes,
        )
    return agreement


def _all_fields_but(agreement: Agreement, *names: str) -> list[str]:
    return [field.name for field in agreement._meta.fields if field.name not in names]


def review_route(agreement: Agreement) -> list[Office]:
    """The offices that verify a submission, in order, from the office tree.

    A regency's or province's NK goes to its province (if any) and then to KPU RI; any other
    kind goes one level up. An addendum follows the kind of the agreement it changes. KPU RI
    has no office above it: its own drafts go to its own reviewers, and four eyes
    (reviews.four_eyes) keeps the drafter from deciding them.
    """
    office = agreement.office
    if office.level == Office.Level.NATIONAL:
        return [office]
    kind = agreement.parent.kind if agreement.kind == Kind.ADDENDUM else agreement.kind
    if kind != Kind.NK:
        return [office.parent]
    national = Office.objects.get(level=Office.Level.NATIONAL)
    return [office.parent, national] if office.level == Office.Level.REGENCY else [national]


def _refuse_unfilled(agreement: Agreement) -> None:
    """No placeholder reaches a cleared or signed text (agreements.placeholders)."""
    found = agreement_unfilled(agreement)
    if found:
        raise ValidationError(unfilled_message(found), code="unfilled")


def _review_labels(agreement: Agreement) -> dict:
    return {"subject_kind": agreement.kind, "subject_title": agreement.title}


@transaction.atomic
def agreement_submit(*, user, agreement: Agreement) -> Agreement:
    """Send a complete draft up its review route (a new round after a return)."""
    require_write(user, agreement)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    _require_state(
        agreement, State.DRAFT, State.RETURNED, message=_("Hanya draf yang dapat diajukan.")
    )
    items = agreement_checklist(agreement)
    if not checklist_passes(items):
        missing = [
            f"{item.label} ({item.detail})" if item.detail else str(item.label)
            for item in items
            if not item.ok
        ]
        raise ValidationError(
            _("Materi muatan belum lengkap: %(list)s.") % {"list": "; ".join(missing)}
        )
    route = review_route(agreement)
    agreement.review_round += 1
    agreement.state = State.SUBMITTED
    agreement.lock_version += 1
    agreement.save()
    review_open(
        subject=agreement,
        office=route[0],
        submitted_from=agreement.office,
        submitted_by=user,
        round=agreement.review_round,
        step=1,
        checklist=checklist_snapshot(items),
        **_review_labels(agreement),
    )
    log_activity(
        subject=agreement,
        action="agreement.submitted",
        actor=user,
        message=_("Diajukan ke %(office)s (putaran %(round)s).")
        % {"office": route[0], "round": agreement.review_round},
    )
    return agreement


@transaction.atomic
def agreement_review_decided(*, agreement: Agreement, review: Review) -> Agreement:
    """A reviewer decided: return the draft, open the next step, or clear it for signing."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if review.decision == Review.Decision.RETURNED:
        agreement.state = State.RETURNED
    else:
        route = review_route(agreement)
        if review.step < len(route):
            review_open(
                subject=agreement,
                office=route[review.step],
                submitted_from=agreement.office,
                submitted_by=review.submitted_by,
                round=review.round,
                step=review.step + 1,
                checklist=review.checklist,
                **_review_labels(agreement),
            )
        else:
            _refuse_unfilled(agreement)
            agreement.state = State.CLEARED
            log_activity(
                subject=agreement,
                action="agreement.cleared",
                actor=review.decided_by,
                message=_("Seluruh verifikasi selesai; siap ditandatangani."),
            )
    agreement.lock_version += 1
    agreement.save()
    return agreement


@transaction.atomic
def agreement_cancel(*, user, agreement: Agreement, reason: str = "") -> Agreement:
    """Abandon a draft (kept, marked CANCELLED)."""
    require_write(user, agreement)
    _require_state(
        agreement, State.DRAFT, State.RETURNED, message=_("Hanya draf yang dapat dibatalkan.")
    )
    agreement.state = State.CANCELLED
    agreement.lock_version += 1
    agreement.save()
    log_activity(
        subject=agreement,
        action="agreement.cancelled",
        actor=user,
        message=_("Draf dibatalkan. %(reason)s") % {"reason": reason},
    )
    return agreement


def signing_fields(
    agreement: Agreement,
    *,
    signed_on: datetime.date,
    signed_place: str,
    partner_number: str,
    partner_number_none: bool,
) -> None:
    """Check and set what signing records (also for a registered agreement)."""
    if not partner_number.strip() and not partner_number_none:
        raise ValidationError(
            {"partner_number": _("Isi nomor mitra, atau nyatakan mitra tidak memberi nomor.")}
        )
    if not signed_place.strip():
        raise ValidationError({"signed_place": _("Isi tempat penandatanganan.")})
    check_signed_on(agreement.office, signed_on)
    agreement.signed_on = signed_on
    agreement.signed_place = signed_place.strip()
    agreement.partner_number = "" if partner_number_none else partner_number.strip()
    agreement.partner_number_none = partner_number_none


def attach_signed_scan(*, user, agreement: Agreement, scan) -> Attachment:
    """Keep the signed scan; signing without one is refused."""
    from .attachments import attachment_add

    if scan is None:
        raise ValidationError({"scan": _("Unggah pindaian naskah yang sudah ditandatangani.")})
    return attachment_add(
        user=user, agreement=agreement, kind=Attachment.Kind.SIGNED_SCAN, upload=scan, internal=True
    )


@transaction.atomic
def agreement_sign(
    *,
    user,
    agreement: Agreement,
    signed_on: datetime.date,
    signed_place: str,
    partner_number: str = "",
    partner_number_none: bool = False,
    scan=None,
) -> Agreement:
    """Record the signing of a cleared agreement: its KPU number, the partner's, the scan."""
    require_write(user, agreement)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    _require_state(
        agreement, State.CLEARED, message=_("Hanya yang sudah disetujui yang dapat ditandatangani.")
    )
    signing_fields(
        agreement,
        signed_on=signed_on,
        signed_place=signed_place,
        partner_number=partner_number,
        partner_number_none=partner_number_none,
    )
    _refuse_unfilled(agreement)
    attach_signed_scan(user=user, agreement=agreement, scan=scan)
    agreement.kpu_number = assign_kpu_number(agreement=agreement, signed_on=signed_on)
    if agreement.kind == Kind.ADDENDUM:
        agreement.start_date = signed_on
    agreement.state = State.SIGNED
    agreement.lock_version += 1
    agreement.full_clean()
    agreement.save()
    refresh_search_document(agreement)
    log_activity(
        subject=agreement,
        action="agreement.signed",
        actor=user,
        message=_("Ditandatangani %(date)s di %(place)s, nomor %(number)s.")
        % {"date": long_date(signed_on), "place": signed_place, "number": agreement.kpu_number},
    )
    # "Disetujui: …" asked the drafting office to sign; that is done.
    resolve_notifications(subject=agreement, kinds=[NotificationKind.REVIEW_DECIDED])
    document_request(agreement=agreement, user=user, final=True)
    figures_changed()
    return agreement


@transaction.atomic
def agreement_terminate(
    *, user, agreement: Agreement, terminated_on: datetime.date, reason: str
) -> Agreement:
    """End a signed agreement early, with the reason and the date."""
    require_write(user, agreement)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    _require_state(
        agreement, State.SIGNED, message=_("Hanya perjanjian yang berlaku yang dapat diakhiri.")
    )
    if not reason.strip():
        raise ValidationError({"reason": _("Tuliskan alasan pengakhiran.")})
    if agreement.start_date and terminated_on < agreement.start_date:
        raise ValidationError({"terminated_on": _("Tanggal pengakhiran sebelum perjanjian mulai.")})
    agreement.state = State.TERMINATED
    agreement.terminated_on = terminated_on
    agreement.termination_reason = reason.strip()
    # Only what this step writes: an old row's other fields never block its termination.
    agreement.full_clean(exclude=_all_fields_but(agreement, "terminated_on", "termination_reason"))
    agreement.lock_version += 1
    agreement.save()
    log_activity(
        subject=agreement,
        action="agreement.terminated",
        actor=user,
        message=_("Diakhiri per %(date)s: %(reason)s")
        % {"date": long_date(terminated_on), "reason": reason.strip()},
    )
    figures_changed()
    return agreement
