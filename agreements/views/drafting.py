"""Drafting an agreement: a new draft, a registered (already signed) agreement, editing the
draft, its parties and addenda. State changes go through agreements.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.form_tokens import AlreadySubmitted, already_saved, create_once
from core.forms import flash_result, form_errors
from core.locking import posted_lock_version

from .. import addenda, parties, registration, services
from ..access import agreement_or_404, can_write_for
from ..addenda import addendum_amend_clause
from ..forms import AddendumForm, AgreementForm, FirstPartyForm, KindForm, PartyForm, RegisterForm
from ..models import Agreement, Kind

GET_POST = require_http_methods(["GET", "POST"])


def _draft_form(request, *, kind: str, instance=None) -> AgreementForm:
    visible = Agreement.objects.for_user(request.user)
    data = request.POST if request.method == "POST" else None
    office = instance.office if instance is not None else request.office
    return AgreementForm(
        data, instance=instance, visible_agreements=visible, kind=kind, office=office
    )


def _requested_kind(request) -> str:
    """The kind asked for by the form or the link; NK when it names none that may be new."""
    value = request.POST.get("kind") or request.GET.get("kind", "")
    return value if value in {k for k, _label in Kind.choices if k != Kind.ADDENDUM} else Kind.NK


def _require_office_writer(request) -> None:
    if not can_write_for(request.user, request.office):
        raise PermissionDenied


@login_required
@GET_POST
def agreement_create(request):
    """A new draft of the user's current office, started from its kind's clause template."""
    _require_office_writer(request)
    kind = _requested_kind(request)
    form = _draft_form(request, kind=kind)
    party_form = FirstPartyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid() and party_form.is_valid():
        fields = form.draft_fields()
        try:
            agreement = create_once(
                token=form.cleaned_data["form_token"],
                user=request.user,
                purpose="agreement",
                create=lambda: services.agreement_create(
                    user=request.user,
                    office=request.office,
                    kind=kind,
                    partners=[party_form.party()],
                    **fields,
                ),
            )
        except AlreadySubmitted as done:
            return already_saved(request, done, "agreements:list")
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Draf dibuat. Lengkapi pasal dan daftar periksanya."))
            return redirect(agreement)
    context = {
        "form": form,
        "party_form": party_form,
        "kind_form": KindForm(initial={"kind": kind}),
        "kind": kind,
        "kind_label": Kind(kind).label,
    }
    return render(request, "agreements/agreement_form.html", context)


@login_required
@GET_POST
def agreement_register(request):
    """Record an agreement signed before or outside the app (no review; flagged)."""
    _require_office_writer(request)
    kind = _requested_kind(request)
    form = _draft_form(request, kind=kind)
    party_form = FirstPartyForm(request.POST or None, user=request.user)
    sign_form = RegisterForm(request.POST or None, request.FILES or None)
    forms_ok = request.method == "POST" and all(f.is_valid() for f in (form, party_form, sign_form))
    if forms_ok:
        try:
            agreement = registration.agreement_register(
                user=request.user,
                office=request.office,
                kind=kind,
                partners=[party_form.party()],
                **form.draft_fields(),
                **sign_form.cleaned_data,
            )
        except ValidationError as error:
            form_errors(sign_form, error)
        else:
            messages.success(request, _("Perjanjian dicatat sebagai sudah ditandatangani."))
            return redirect(agreement)
    context = {
        "form": form,
        "party_form": party_form,
        "sign_form": sign_form,
        "kind_form": KindForm(initial={"kind": kind}),
        "kind": kind,
        "kind_label": Kind(kind).label,
    }
    return render(request, "agreements/agreement_register.html", context)


@login_required
@GET_POST
def agreement_update(request, pk):
    agreement = agreement_or_404(request.user, pk, write=True)
    if not agreement.is_editable:
        messages.error(request, _("Hanya draf atau yang dikembalikan yang dapat diubah."))
        return redirect(agreement)
    form = _draft_form(request, kind=agreement.kind, instance=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_update(
                user=request.user,
                agreement=agreement,
                lock_version=posted_lock_version(form),
                **form.draft_fields(),
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Draf disimpan."))
            return redirect(agreement)
    context = {"form": form, "agreement": agreement, "kind_label": agreement.get_kind_display()}
    return render(request, "agreements/agreement_form.html", context)


@login_required
@require_POST
def party_add(request, pk):
    agreement = agreement_or_404(request.user, pk, write=True)
    form = PartyForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Pilih mitra yang akan ditambahkan."))
        return redirect(agreement)
    flash_result(
        request,
        _("Pihak ditambahkan."),
        parties.party_add,
        user=request.user,
        agreement=agreement,
        **form.party(),
    )
    return redirect(agreement)


@login_required
@require_POST
def party_remove(request, pk, party_pk):
    agreement = agreement_or_404(request.user, pk, write=True)
    party = get_object_or_404(agreement.parties, pk=party_pk)
    flash_result(request, _("Pihak dihapus."), parties.party_remove, user=request.user, party=party)
    return redirect(agreement)


@login_required
@GET_POST
def addendum_create(request, pk):
    parent = agreement_or_404(request.user, pk, write=True)
    form = AddendumForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        end_date = data.pop("end_date") or parent.end_date
        try:
            addendum = addenda.addendum_create(
                user=request.user, parent=parent, end_date=end_date, **data
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Draf adendum dibuat."))
            return redirect(addendum)
    return render(request, "agreements/addendum_form.html", {"form": form, "agreement": parent})


@login_required
@require_POST
def addendum_amend(request, pk):
    """Add to a draft addendum the new wording of a Pasal of the agreement it amends."""
    addendum = agreement_or_404(request.user, pk, write=True)
    if addendum.parent_id is None:
        messages.error(request, _("Pilih pasal dari perjanjian yang diubah adendum ini."))
        return redirect(addendum)
    chosen = request.POST.get("parent_clause") or 0
    parent_clause = get_object_or_404(addendum.parent.clauses, pk=chosen)
    body = request.POST.get("body", "")[:20_000]
    flash_result(
        request,
        _("Pasal perubahan ditambahkan."),
        addendum_amend_clause,
        user=request.user,
        addendum=addendum,
        parent_clause=parent_clause,
        body=body,
    )
    return redirect(addendum)
