from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from core.activity import activities_for
from core.form_tokens import AlreadySubmitted, already_saved, create_once
from core.locking import posted_lock_version
from core.models import ActivityLog
from core.uploads import private_download

from . import services
from .filters import PartnerFilter
from .forms import ContactForm, MergeForm, PartnerForm
from .models import Partner
from .selectors import possible_duplicates
from .tables import PartnerTable


def _partner_or_404(user, pk) -> Partner:
    return get_object_or_404(Partner.objects.for_user(user), pk=pk)


class PartnerListView(LoginRequiredMixin, SingleTableMixin, FilterView):
    """The registry, filtered and paginated by the table only: the view does not paginate
    the same rows again, so the list is counted once (one COUNT per page)."""

    table_class = PartnerTable
    filterset_class = PartnerFilter
    table_pagination = {"per_page": 50}
    template_name = "partners/partner_list.html"

    def get_queryset(self):
        return Partner.objects.for_user(self.request.user).select_related(
            "province", "regency", "registered_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        table = context["table"]
        context["paginator"], context["page_obj"] = table.paginator, table.page
        context["can_register"] = services.can_register(self.request.user, self.request.office)
        context["query_string"] = self.request.GET.urlencode()
        return context


class PartnerDetailView(LoginRequiredMixin, DetailView):
    template_name = "partners/partner_detail.html"

    def get_queryset(self):
        return Partner.objects.for_user(self.request.user).select_related(
            "parent", "province", "regency", "registered_by", "merged_into"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partner, user = self.object, self.request.user
        context |= {
            "contacts": partner.contacts.all(),
            "units": partner.units.active(),
            "activities": activities_for(partner)[:30],
            "can_edit": services.can_edit(user, partner),
            "can_merge": services.can_merge(user) and not partner.is_retired,
        }
        if context["can_edit"]:
            context["contact_form"] = ContactForm()
        if context["can_merge"]:
            context["merge_form"] = MergeForm(survivor=partner)
            context["merges"] = ActivityLog.objects.filter(
                action="partner.retired", changes__survivor=partner.pk
            ).select_related("actor")
        return context


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
    if not services.can_register(request.user, office):
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
@require_http_methods(["GET", "POST"])
def partner_update(request, pk):
    partner = _partner_or_404(request.user, pk)
    if not services.can_edit(request.user, partner):
        raise PermissionDenied
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
    partner = _partner_or_404(request.user, pk)
    if not services.can_edit(request.user, partner):
        raise PermissionDenied
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
    partner = _partner_or_404(request.user, pk)
    contact = get_object_or_404(partner.contacts, pk=contact_pk)
    if not services.can_edit(request.user, partner):
        raise PermissionDenied
    services.contact_remove(actor=request.user, contact=contact)
    messages.success(request, _("Narahubung dihapus."))
    return redirect(partner)


@login_required
@require_POST
def partner_merge(request, pk):
    survivor = _partner_or_404(request.user, pk)
    if not services.can_merge(request.user):
        raise PermissionDenied
    form = MergeForm(request.POST, survivor=survivor)
    if not form.is_valid():
        messages.error(request, _("Pilih mitra duplikat yang masih aktif."))
        return redirect(survivor)
    try:
        services.partner_merge(
            actor=request.user, survivor=survivor, retired=form.cleaned_data["retired"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Mitra digabung. Penggabungan dapat dibatalkan dari riwayat."))
    return redirect(survivor)


@login_required
@require_POST
def partner_unmerge(request, pk, log_pk):
    survivor = _partner_or_404(request.user, pk)
    if not services.can_merge(request.user):
        raise PermissionDenied
    log = get_object_or_404(
        ActivityLog, pk=log_pk, action="partner.retired", changes__survivor=survivor.pk
    )
    try:
        retired = services.partner_unmerge(actor=request.user, log=log)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(survivor)
    messages.success(request, _("Penggabungan dibatalkan."))
    return redirect(retired)


@login_required
@require_GET
def statement_download(request, pk):
    partner = _partner_or_404(request.user, pk)
    if not partner.independence_statement:
        raise Http404
    extension = partner.independence_statement.name.rsplit(".", 1)[-1].lower()
    return private_download(
        partner.independence_statement, f"pernyataan-independensi-{partner.pk}.{extension}"
    )
