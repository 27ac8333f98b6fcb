from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.locking import lock_version_field
from core.uploads import IMAGE_KINDS, checked_file

from .models import Membership, Office

User = get_user_model()


class _CrispyForm:
    submit_label = _("Simpan")

    def _setup_helper(self) -> None:
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class OfficeForm(_CrispyForm, forms.ModelForm):
    website = forms.URLField(label=_("situs web"), required=False, assume_scheme="https")
    lock_version = lock_version_field()

    class Meta:
        model = Office
        fields = ["city", "address", "phone", "email", "website", "logo"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self.initial["lock_version"] = self.instance.lock_version
        self._setup_helper()

    def clean_logo(self):
        """A new logo is stored as its re-encoded pixels under a server-made name."""
        upload = self.cleaned_data.get("logo")
        if upload and hasattr(upload, "content_type"):
            return checked_file(upload, kinds=IMAGE_KINDS, max_bytes=2 * 1024 * 1024)
        return upload


class UserCreateForm(_CrispyForm, forms.Form):
    submit_label = _("Buat pengguna")

    username = forms.CharField(label=_("Nama pengguna"), max_length=150)
    first_name = forms.CharField(label=_("Nama depan"), max_length=150)
    last_name = forms.CharField(label=_("Nama belakang"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    office = forms.ModelChoiceField(label=_("Kantor"), queryset=Office.objects.none())
    role = forms.ChoiceField(label=_("Peran"), choices=Membership.Role.choices)
    password1 = forms.CharField(
        label=_("Kata sandi"),
        widget=forms.PasswordInput,
        help_text=_("Minimal 12 karakter, bukan kata sandi yang umum."),
    )
    password2 = forms.CharField(label=_("Ulangi kata sandi"), widget=forms.PasswordInput)

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        self._setup_helper()

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Nama pengguna ini sudah dipakai."))
        return username

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        return cleaned


class MembershipForm(_CrispyForm, forms.Form):
    submit_label = _("Tambah peran")

    office = forms.ModelChoiceField(label=_("Kantor"), queryset=Office.objects.none())
    role = forms.ChoiceField(label=_("Peran"), choices=Membership.Role.choices)
    # The version of the user page the admin opened (core.locking).
    lock_version = lock_version_field()

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        self._setup_helper()
