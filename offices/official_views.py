"""The officials register of an office: a list for everyone who sees the office, add and
change for its admins (offices.official_services)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core.locking import lock_version_field, posted_lock_version
from core.widgets import DatePickerInput

from .access import administers
from .models import Office, Official
from .official_services import official_save

DATE = DatePickerInput()


class OfficialForm(forms.ModelForm):
    nip = forms.CharField(
        label=gettext_lazy("NIP"),
        required=False,
        max_length=24,
        help_text=gettext_lazy("18 angka; spasi boleh. Kosongkan bagi komisioner non-ASN."),
    )

    lock_version = lock_version_field()

    class Meta:
        model = Official
        fields = ["position", "jabatan", "name", "nip", "status", "valid_from", "valid_to"]
        widgets = {"valid_from": DATE, "valid_to": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["lock_version"] = self.instance.lock_version

    def clean_nip(self) -> str:
        return "".join((self.cleaned_data.get("nip") or "").split())


def _office_or_404(user, pk) -> Office:
    return get_object_or_404(Office.objects.for_user(user), pk=pk)


def _save(request, form, office: Office):
    official = form.save(commit=False)
    official.office = office
    version = posted_lock_version(form) if official.pk else None
    try:
        official_save(actor=request.user, official=official, lock_version=version)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            form.add_error(None, error)
            return None
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return None
    messages.success(request, _("Daftar pejabat disimpan."))
    return redirect("offices:officials", office.pk)


@login_required
@require_http_methods(["GET", "POST"])
def official_list(request, pk):
    """The register, newest first per position; its admins add rows below it."""
    office = _office_or_404(request.user, pk)
    can_manage = administers(request.user, office)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    form = OfficialForm(request.POST or None) if can_manage else None
    if request.method == "POST" and form.is_valid():
        done = _save(request, form, office)
        if done is not None:
            return done
    officials = office.officials.order_by("position", "-valid_from", "name")
    context = {"office": office, "officials": officials, "form": form, "can_manage": can_manage}
    return render(request, "offices/official_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def official_update(request, pk, official_pk):
    office = _office_or_404(request.user, pk)
    official = get_object_or_404(office.officials, pk=official_pk)
    if not administers(request.user, office):
        raise PermissionDenied
    form = OfficialForm(request.POST or None, instance=official)
    if request.method == "POST" and form.is_valid():
        done = _save(request, form, office)
        if done is not None:
            return done
    context = {"office": office, "official": official, "form": form}
    return render(request, "offices/official_form.html", context)
