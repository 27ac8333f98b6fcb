"""Registering and editing a partner and its contacts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.form_tokens import AlreadySubmitted, already_saved, create_once
from core.locking import posted_lock_version
from core.widgets import id_param

from .. import services
from ..access import can_register, partner_or_404
from ..forms import ContactForm, PartnerForm, regency_choices
from ..models import Partner
from ..selectors import possible_duplicates


def _duplicates_for(form: PartnerForm, exclude_pk=None) -> list[Partner]:
    return possible_duplicates(
        name=form.cleaned_data["name"],
        short_name=form.cleaned_data.get("short_name", ""),
        exclude_pk=exclude_pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_create(request):
    """Register a partner; possible duplicates are shown before anything is saved."""
    office = request.office
    if not can_register(request.user, office):
        raise PermissionDenied
    form = PartnerForm(request.POST or None, request.FILES or None)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        duplicates = [] if form.cleaned_data["confirm_new"] else _duplicates_for(form)
        if not duplicates:
            try:
                partner = create_once(
                    token=form.cleaned_data["form_token"],
                    user=request.user,
                    purpose="partner",
                    create=lambda: services.partner_create(
                        actor=request.user, office=office, **form.profile()
                    ),
                )
            except AlreadySubmitted as done:
                return already_saved(request, done, "partners:list")
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Mitra %(name)s didaftarkan.") % {"name": partner})
                return redirect(partner)
        form.data = form.data.copy()
        form.data["confirm_new"] = "on"
    context = {"form": form, "duplicates": duplicates, "office": office}
    return render(request, "partners/partner_form.html", context)


@login_required
@require_GET
def partner_duplicates(request):
    """htmx: the possible duplicates of the name being typed."""
    name = request.GET.get("name", "")
    found = possible_duplicates(name=name, short_name=request.GET.get("short_name", ""))
    return render(request, "partners/includes/duplicates.html", {"duplicates": found})


@login_required
@require_GET
def regency_options(request):
    """htmx: the <option>s of the regencies in ?province= (every regency without one). The
    form checks the pair again on save, so a page without JavaScript loses nothing."""
    province = id_param(request, "province")
    regencies = regency_choices(province)
    return render(request, "partners/includes/regency_options.html", {"regencies": regencies})


@login_required
@require_http_methods(["GET", "POST"])
def partner_update(request, pk):
    partner = partner_or_404(request.user, pk, write=True)
    form = PartnerForm(request.POST or None, request.FILES or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_update(
                actor=request.user,
                partner=partner,
                lock_version=posted_lock_version(form),
                **form.profile(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Profil mitra disimpan."))
            return redirect(partner)
    return render(request, "partners/partner_form.html", {"form": form, "partner": partner})


@login_required
@require_POST
def contact_add(request, pk):
    partner = partner_or_404(request.user, pk, write=True)
    form = ContactForm(request.POST)
    if form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "form_token"}
        try:
            create_once(
                token=form.cleaned_data["form_token"],
                user=request.user,
                purpose="contact",
                create=lambda: services.contact_add(actor=request.user, partner=partner, **fields),
            )
        except AlreadySubmitted as done:
            return already_saved(request, done, partner)
        messages.success(request, _("Narahubung ditambahkan."))
    else:
        errors = "; ".join(f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items())
        messages.error(request, _("Narahubung tidak disimpan. %(errors)s") % {"errors": errors})
    return redirect(partner)


@login_required
@require_POST
def contact_remove(request, pk, contact_pk):
    partner = partner_or_404(request.user, pk, write=True)
    contact = get_object_or_404(partner.contacts, pk=contact_pk)
    services.contact_remove(actor=request.user, contact=contact)
    messages.success(request, _("Narahubung dihapus."))
    return redirect(partner)
