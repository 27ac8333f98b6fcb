from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.form_tokens import form_token_field, with_fresh_token
from core.locking import lock_version_field
from core.uploads import IMAGE_KINDS, checked_file
from core.widgets import AutocompleteWidget
from offices.models import Office

from .models import Contact, Partner

PROFILE_FIELDS = [
    "name",
    "short_name",
    "category",
    "parent",
    "address",
    "province",
    "regency",
    "leader_title",
    "leader_name",
    "website",
    "email",
    "phone",
    "notes",
    "is_affiliated",
    "affiliation_explanation",
    "independence_statement",
    "logo",
]


def regency_choices(province_id: int | None):
    """The regencies of a province by name (every regency for None)."""
    regencies = Office.objects.filter(level=Office.Level.REGENCY).order_by("region_name")
    return regencies.filter(parent_id=province_id) if province_id else regencies


def _picker_url(exclude: int | None) -> str:
    """The partner search (partners.autocomplete), leaving out the partner being edited."""
    url = reverse("partners:autocomplete")
    return f"{url}?exclude={exclude}" if exclude else url


class PartnerForm(forms.ModelForm):
    """The partner profile. `confirm_new` is ticked once the user has seen the duplicates."""

    website = forms.URLField(label=_("Situs web"), required=False, assume_scheme="https")
    confirm_new = forms.BooleanField(
        label=_("Saya sudah memeriksa kemungkinan duplikat; ini mitra yang berbeda."),
        required=False,
        widget=forms.HiddenInput,
    )
    # An edit carries the version it was opened with, a new registration a one-time token.
    lock_version = lock_version_field()
    form_token = form_token_field()

    class Meta:
        model = Partner
        fields = PROFILE_FIELDS
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "affiliation_explanation": forms.Textarea(attrs={"rows": 2}),
            "parent": AutocompleteWidget(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Partner.objects.active()
        self.fields["parent"].widget.url = _picker_url(self.instance.pk)
        self.fields["province"].queryset = Office.objects.filter(
            level=Office.Level.PROVINCE
        ).order_by("region_name")
        # Choosing a province reloads the regencies of that province (htmx); a bound form
        # keeps them all and clean() checks the pair, so nothing depends on JavaScript.
        province_id = None if self.is_bound else self.instance.province_id
        self.fields["regency"].queryset = regency_choices(province_id)
        self.fields["province"].widget.attrs |= {
            "hx-get": reverse("partners:regency-options"),
            "hx-target": "#id_regency",
            "hx-trigger": "change",
            "hx-swap": "innerHTML",
        }
        self.fields["province"].label_from_instance = lambda o: o.region_name
        self.fields["regency"].label_from_instance = lambda o: o.region_name
        if self.instance.pk:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(
                pk=self.instance.pk
            )
            if not self.is_bound:
                self.initial["lock_version"] = self.instance.lock_version
        else:
            with_fresh_token(self)
        self.helper = FormHelper()
        self.helper.form_tag = False

    # A new upload is replaced by its checked content under a server-made name: the client's
    # file name never reaches the disk.
    def clean_independence_statement(self):
        upload = self.cleaned_data.get("independence_statement")
        if upload and hasattr(upload, "content_type"):
            return checked_file(upload)
        return upload

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if upload and hasattr(upload, "content_type"):
            return checked_file(upload, kinds=IMAGE_KINDS, max_bytes=2 * 1024 * 1024)
        return upload

    def clean(self):
        cleaned = super().clean()
        province, regency = cleaned.get("province"), cleaned.get("regency")
        if regency and province and regency.parent_id != province.pk:
            self.add_error("regency", _("Kabupaten/kota ini tidak berada di provinsi tersebut."))
        if regency and not province:
            cleaned["province"] = regency.parent
        if cleaned.get("is_affiliated") and not cleaned.get("affiliation_explanation", "").strip():
            self.add_error(
                "affiliation_explanation",
                _("Jelaskan afiliasi mitra dengan partai politik atau peserta pemilu."),
            )
        return cleaned

    def profile(self) -> dict:
        return {name: self.cleaned_data[name] for name in PROFILE_FIELDS}


class ContactForm(forms.ModelForm):
    form_token = form_token_field()

    class Meta:
        model = Contact
        fields = ["name", "position", "phone", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        with_fresh_token(self)
        self.helper = FormHelper()
        self.helper.form_class = "row g-2"
        self.helper.add_input(Submit("submit", _("Tambah narahubung")))


class MergeForm(forms.Form):
    retired = forms.ModelChoiceField(
        label=_("Mitra duplikat yang akan digabung ke mitra ini"),
        queryset=Partner.objects.none(),
        widget=AutocompleteWidget(),
    )

    def __init__(self, *args, survivor: Partner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["retired"].queryset = Partner.objects.active().exclude(pk=survivor.pk)
        self.fields["retired"].widget.url = _picker_url(survivor.pk)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Gabungkan"), css_class="btn-danger"))


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas Excel (.xlsx)"),
        help_text=_("Paling besar 10 MB, dengan judul kolom seperti pada templat."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Unggah dan periksa")))
