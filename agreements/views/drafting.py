"""Pages and actions of one agreement. State changes go through agreements.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import DetailView

from core.form_tokens import AlreadySubmitted, already_saved, create_once
from core.locking import posted_lock_version

from . import services
from .access import can_write_for, require_write
from .detail import agreement_page, page_context
from .forms import (
    AddendumForm,
    AgreementForm,
    FirstPartyForm,
    KindForm,
    PartyForm,
    RegisterForm,
    SignForm,
    TerminateForm,
)
from .models import Agreement, Kind

GET_POST = require_http_methods(["GET", "POST"])


def _agreement_or_404(user, pk) -> Agreement:
    return get_object_or_404(
        Agreement.objects.for_user(user).select_related("office__parent", "parent"), pk=pk
    )


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _form_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class AgreementDetailView(LoginRequiredMixin, DetailView):
    """One agreement with everything around it, in a fixed number of queries (see
    agreements.detail); an editable draft shows its checklist, and its writer the forms."""

    template_name = "agreements/agreement_detail.html"

    def get_object(self, queryset=None):
        self.page = agreement_page(self.request.user, self.kwargs["pk"])
        return self.page.agreement

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agreement, user = self.page.agreement, self.request.user
        context |= page_context(self.page, user)
        writer = context["can_write"]
        if writer and agreement.is_editable:
            context["party_form"] = PartyForm(user=user)
        if writer and agreement.state == Agreement.State.CLEARED:
            context["sign_form"] = SignForm(initial={"signed_place": agreement.office.city})
        if writer and agreement.state == Agreement.State.SIGNED:
            context["terminate_form"] = TerminateForm()
            context["addendum_form"] = AddendumForm()
        return context


def _draft_forms(request, *, kind: str, instance=None):
    visible = Agreement.objects.for_user(request.user)
    data = request.POST if request.method == "POST" else None
    office = instance.office if instance is not None else request.office
    return AgreementForm(
        data, instance=instance, visible_agreements=visible, kind=kind, office=office
    )


def _kind_or_default(value: str) -> str:
    return value if value in {k for k, _label in Kind.choices if k != Kind.ADDENDUM} else Kind.NK


@login_required
@GET_POST
def agreement_create(request):
    """A new draft of the user's current office, started from its kind's clause template."""
    if not can_write_for(request.user, request.office):
        raise PermissionDenied
    kind = _kind_or_default(request.POST.get("kind") or request.GET.get("kind", ""))
    form = _draft_forms(request, kind=kind)
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
            _form_errors(form, error)
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
def agreement_update(request, pk):
    agreement = _agreement_or_404(request.user, pk)
    require_write(request.user, agreement)
    if not agreement.is_editable:
        messages.error(request, _("Hanya draf atau yang dikembalikan yang dapat diubah."))
        return redirect(agreement)
    form = _draft_forms(request, kind=agreement.kind, instance=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_update(
                user=request.user,
                agreement=agreement,
                lock_version=posted_lock_version(form),
                **form.draft_fields(),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Draf disimpan."))
            return redirect(agreement)
    context = {"form": form, "agreement": agreement, "kind_label": agreement.get_kind_display()}
    return render(request, "agreements/agreement_form.html", context)


def _action(request, pk, run, success: str):
    """Run a state change for a POST, report the outcome and go back to the agreement."""
    agreement = _agreement_or_404(request.user, pk)
    require_write(request.user, agreement)
    try:
        run(agreement)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, success)
    return redirect(agreement)


@login_required
@require_POST
def agreement_submit(request, pk):
    return _action(
        request,
        pk,
        lambda a: services.agreement_submit(user=request.user, agreement=a),
        _("Diajukan untuk verifikasi."),
    )


@login_required
@require_POST
def agreement_cancel(request, pk):
    return _action(
        request,
        pk,
        lambda a: services.agreement_cancel(
            user=request.user, agreement=a, reason=request.POST.get("reason", "")
        ),
        _("Draf dibatalkan."),
    )


@login_required
@require_POST
def party_add(request, pk):
    form = PartyForm(request.POST, user=request.user)
    if not form.is_valid():
        agreement = _agreement_or_404(request.user, pk)
        require_write(request.user, agreement)
        messages.error(request, _("Pilih mitra yang akan ditambahkan."))
        return redirect(agreement)
    return _action(
        request,
        pk,
        lambda a: services.party_add(user=request.user, agreement=a, **form.party()),
        _("Pihak ditambahkan."),
    )


@login_required
@require_POST
def party_remove(request, pk, party_pk):
    def run(agreement):
        party = get_object_or_404(agreement.parties, pk=party_pk)
        services.party_remove(user=request.user, party=party)

    return _action(request, pk, run, _("Pihak dihapus."))


def _form_page(request, agreement, form, template: str, run, success: str):
    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(agreement)
    return render(request, template, {"form": form, "agreement": agreement})


@login_required
@GET_POST
def agreement_sign(request, pk):
    agreement = _agreement_or_404(request.user, pk)
    require_write(request.user, agreement)
    form = SignForm(
        request.POST or None,
        request.FILES or None,
        initial={"signed_place": agreement.office.city},
    )
    return _form_page(
        request,
        agreement,
        form,
        "agreements/agreement_sign.html",
        lambda data: services.agreement_sign(user=request.user, agreement=agreement, **data),
        _("Penandatanganan dicatat."),
    )


@login_required
@GET_POST
def agreement_terminate(request, pk):
    agreement = _agreement_or_404(request.user, pk)
    require_write(request.user, agreement)
    form = TerminateForm(request.POST or None)
    return _form_page(
        request,
        agreement,
        form,
        "agreements/agreement_terminate.html",
        lambda data: services.agreement_terminate(user=request.user, agreement=agreement, **data),
        _("Perjanjian diakhiri."),
    )


@login_required
@GET_POST
def addendum_create(request, pk):
    parent = _agreement_or_404(request.user, pk)
    require_write(request.user, parent)
    form = AddendumForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        end_date = data.pop("end_date") or parent.end_date
        try:
            addendum = services.addendum_create(
                user=request.user, parent=parent, end_date=end_date, **data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Draf adendum dibuat."))
            return redirect(addendum)
    return render(request, "agreements/addendum_form.html", {"form": form, "agreement": parent})


@login_required
@GET_POST
def agreement_register(request):
    """Record an agreement signed before or outside the app (no review; flagged)."""
    if not can_write_for(request.user, request.office):
        raise PermissionDenied
    kind = _kind_or_default(request.POST.get("kind") or request.GET.get("kind", ""))
    form = _draft_forms(request, kind=kind)
    party_form = FirstPartyForm(request.POST or None, user=request.user)
    sign_form = RegisterForm(request.POST or None, request.FILES or None)
    forms_ok = request.method == "POST" and all(f.is_valid() for f in (form, party_form, sign_form))
    if forms_ok:
        try:
            agreement = services.agreement_register(
                user=request.user,
                office=request.office,
                kind=kind,
                partners=[party_form.party()],
                **form.draft_fields(),
                **sign_form.cleaned_data,
            )
        except ValidationError as error:
            _form_errors(sign_form, error)
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
@require_POST
def addendum_amend(request, pk):
    """Add to a draft addendum the new wording of a Pasal of the agreement it amends."""

    def run(addendum):
        from .addenda import addendum_amend_clause

        if addendum.parent_id is None:
            raise ValidationError(_("Pilih pasal dari perjanjian yang diubah adendum ini."))
        parent_clause = get_object_or_404(
            addendum.parent.clauses, pk=request.POST.get("parent_clause") or 0
        )
        addendum_amend_clause(
            user=request.user,
            addendum=addendum,
            parent_clause=parent_clause,
            body=request.POST.get("body", "")[:20_000],
        )

    return _action(request, pk, run, _("Pasal perubahan ditambahkan."))
