"""User management by office admins: users of their office and of the offices below."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView, ListView

from core.activity import activities_for
from core.locking import lock_version_in, posted_lock_version

from . import services
from .access import RoleRequiredMixin, require_any_role
from .forms import MembershipForm, UserCreateForm
from .models import Membership
from .selectors import offices_administered, users_for_admin

ADMIN = Membership.Role.ADMIN


def _memberships():
    return Prefetch(
        "memberships",
        queryset=Membership.objects.select_related("office").order_by("office__code", "role"),
    )


class UserListView(LoginRequiredMixin, RoleRequiredMixin, ListView):
    required_roles = (ADMIN,)
    template_name = "offices/user_list.html"
    paginate_by = 50

    def get_queryset(self):
        users = users_for_admin(self.request.user).prefetch_related(_memberships())
        query = self.request.GET.get("q", "").strip()
        if query:
            users = users.filter(
                Q(username__icontains=query)
                | Q(first_name__icontains=query)
                | Q(last_name__icontains=query)
            )
        return users.order_by("first_name", "username")


class UserCreateView(LoginRequiredMixin, RoleRequiredMixin, FormView):
    required_roles = (ADMIN,)
    template_name = "offices/user_form.html"
    form_class = UserCreateForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"offices": offices_administered(self.request.user)}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=self.request.user,
                username=data["username"],
                password=data["password1"],
                office=data["office"],
                role=data["role"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
            )
        except ValidationError as error:
            form.add_error("password1" if "password" in str(error).lower() else None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Pengguna %(user)s dibuat.") % {"user": user})
        return redirect("offices:user-detail", pk=user.pk)


class UserDetailView(LoginRequiredMixin, RoleRequiredMixin, DetailView):
    required_roles = (ADMIN,)
    template_name = "offices/user_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return users_for_admin(self.request.user).prefetch_related(_memberships())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["membership_form"] = MembershipForm(
            offices=offices_administered(self.request.user),
            initial={"lock_version": self.object.lock_version},
        )
        context["membership_form"].helper.form_action = reverse(
            "offices:membership-add", args=[self.object.pk]
        )
        context["activities"] = activities_for(self.object)[:20]
        return context


def _managed_user_or_404(request, pk):
    require_any_role(request.user, ADMIN)
    return get_object_or_404(users_for_admin(request.user), pk=pk)


@require_POST
@login_required
def membership_add(request, pk):
    person = _managed_user_or_404(request, pk)
    form = MembershipForm(request.POST, offices=offices_administered(request.user))
    if form.is_valid():
        try:
            services.membership_add(
                actor=request.user,
                user=person,
                office=form.cleaned_data["office"],
                role=form.cleaned_data["role"],
                lock_version=posted_lock_version(form),
            )
            messages.success(request, _("Peran ditambahkan."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Pilih kantor dan peran yang sah."))
    return redirect("offices:user-detail", pk=person.pk)


@require_POST
@login_required
def membership_remove(request, pk, membership_pk):
    person = _managed_user_or_404(request, pk)
    membership = get_object_or_404(
        person.memberships.select_related("office__parent"), pk=membership_pk
    )
    try:
        services.membership_remove(
            actor=request.user, membership=membership, lock_version=lock_version_in(request.POST)
        )
        messages.success(request, _("Peran dihapus."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("offices:user-detail", pk=person.pk)


@require_POST
@login_required
def user_set_active(request, pk):
    person = _managed_user_or_404(request, pk)
    active = request.POST.get("active") == "1"
    try:
        services.user_set_active(
            actor=request.user,
            user=person,
            active=active,
            lock_version=lock_version_in(request.POST),
        )
        messages.success(
            request, _("Pengguna diaktifkan.") if active else _("Pengguna dinonaktifkan.")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("offices:user-detail", pk=person.pk)
