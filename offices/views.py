from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, UpdateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from core.locking import posted_lock_version

from . import services
from .access import administers
from .filters import OfficeFilter
from .forms import OfficeForm
from .middleware import SESSION_KEY
from .models import Membership, Office, user_memberships
from .tables import OfficeTable


@require_POST
@login_required
def switch_office(request):
    """The office switcher: work as another office the user belongs to."""
    wanted = request.POST.get("office", "")
    match = [m for m in user_memberships(request.user) if str(m.office_id) == wanted]
    if not match:
        raise Http404
    request.session[SESSION_KEY] = match[0].office_id
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "home"
    return redirect(target)


class OfficeListView(LoginRequiredMixin, SingleTableMixin, FilterView):
    table_class = OfficeTable
    filterset_class = OfficeFilter
    paginate_by = 50
    template_name = "offices/office_list.html"

    def get_queryset(self):
        return Office.objects.for_user(self.request.user).active().select_related("parent")

    def get_filterset_kwargs(self, filterset_class):
        return super().get_filterset_kwargs(filterset_class) | {"user": self.request.user}


class OfficeDetailView(LoginRequiredMixin, DetailView):
    template_name = "offices/office_detail.html"

    def get_queryset(self):
        return Office.objects.for_user(self.request.user).select_related("parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        office = self.object
        context["children"] = office.children.active().order_by("code")
        context["can_manage"] = administers(self.request.user, office)
        if context["can_manage"]:
            context["members"] = Membership.objects.filter(office=office).select_related("user")
        return context


class OfficeUpdateView(LoginRequiredMixin, UpdateView):
    form_class = OfficeForm
    template_name = "offices/office_form.html"

    def get_queryset(self):
        return Office.objects.for_user(self.request.user).select_related("parent")

    def get_object(self, queryset=None):
        office = super().get_object(queryset)
        if not administers(self.request.user, office):
            raise PermissionDenied
        return office

    def form_valid(self, form):
        try:
            services.office_update(
                actor=self.request.user,
                office=form.instance,
                lock_version=posted_lock_version(form),
                fields=form._meta.fields,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Data kantor disimpan."))
        return redirect(form.instance)
