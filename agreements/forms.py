from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import Partner

from .models import Agreement, Kind, Scope

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = {"rows": 3}

DRAFT_FIELDS = [
    "parent",
    "renews",
    "title",
    "kpu_signatory_name",
    "kpu_signatory_title",
    "considerations",
    "legal_basis",
    "scope",
    "divisi",
    "start_date",
    "end_date",
    "extends_term",
    "budget_source",
    "budget_amount",
    "evaluation_frequency",
    "affiliation_justification",
]


class AgreementForm(forms.ModelForm):
    """The fields of a draft. `lock_version` carries the version the user opened."""

    scope = forms.MultipleChoiceField(
        label=_("Ruang lingkup"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Agreement
        fields = DRAFT_FIELDS
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "considerations": forms.Textarea(attrs=TEXT),
            "legal_basis": forms.Textarea(attrs=TEXT),
            "affiliation_justification": forms.Textarea(attrs=TEXT),
            "title": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, visible_agreements, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        parents = visible_agreements.exclude(pk=self.instance.pk)
        if kind == Kind.PKS:
            self.fields["parent"].queryset = parents.filter(kind=Kind.NK).exclude(
                state=Agreement.State.CANCELLED
            )
            self.fields["parent"].label = _("Nota Kesepahaman yang dilaksanakan (opsional)")
        elif kind == Kind.ADDENDUM:
            self.fields["parent"].queryset = parents.filter(state=Agreement.State.SIGNED)
            self.fields["parent"].required = True
        else:
            del self.fields["parent"]
        self.fields["renews"].queryset = parents.filter(
            state__in=[Agreement.State.SIGNED, Agreement.State.TERMINATED], kind=kind
        )
        if kind != Kind.ADDENDUM:
            del self.fields["extends_term"]
        if kind == Kind.NK:
            del self.fields["budget_source"]
            del self.fields["budget_amount"]
        if not self.is_bound and self.instance.pk:
            self.initial["lock_version"] = self.instance.lock_version
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Tanggal berakhir tidak boleh sebelum tanggal mulai."))
        amount = cleaned.get("budget_amount")
        if amount is not None and amount < 0:
            self.add_error("budget_amount", _("Nilai pembiayaan tidak boleh negatif."))
        return cleaned

    def draft_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in DRAFT_FIELDS if name in self.fields}


class FirstPartyForm(forms.Form):
    """The first partner of a new draft (PIHAK KEDUA)."""

    partner = forms.ModelChoiceField(
        label=_("Mitra (PIHAK KEDUA)"), queryset=Partner.objects.active().order_by("name")
    )
    signatory_name = forms.CharField(label=_("Nama penanda tangan mitra"), required=False)
    signatory_title = forms.CharField(
        label=_("Jabatan penanda tangan mitra"), required=False, help_text=_("Mis. Rektor.")
    )

    def party(self) -> dict:
        return dict(self.cleaned_data)


class KindForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Jenis"), choices=[(k, v) for k, v in Kind.choices if k != Kind.ADDENDUM]
    )


class PartyForm(FirstPartyForm):
    partner = forms.ModelChoiceField(
        label=_("Mitra"), queryset=Partner.objects.active().order_by("name")
    )


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("Tanggal penandatanganan"), widget=DATE)
    signed_place = forms.CharField(label=_("Tempat penandatanganan"), max_length=80)
    partner_number = forms.CharField(label=_("Nomor mitra"), max_length=120, required=False)
    partner_number_none = forms.BooleanField(label=_("Mitra tidak memberi nomor"), required=False)
    scan = forms.FileField(
        label=_("Pindaian naskah yang ditandatangani"),
        help_text=_("PDF, PNG atau JPEG, paling besar 20 MB."),
    )

    def clean_signed_on(self):
        signed_on = self.cleaned_data["signed_on"]
        if signed_on > timezone.localdate():
            raise forms.ValidationError(_("Tanggal penandatanganan tidak boleh di masa depan."))
        return signed_on


class RegisterForm(SignForm):
    kpu_number = forms.CharField(label=_("Nomor KPU pada naskah"), max_length=120)


class TerminateForm(forms.Form):
    terminated_on = forms.DateField(label=_("Berakhir per tanggal"), widget=DATE)
    reason = forms.CharField(label=_("Alasan pengakhiran"), widget=forms.Textarea(attrs=TEXT))


class AddendumForm(forms.Form):
    title = forms.CharField(label=_("Tentang"), widget=forms.Textarea(attrs={"rows": 2}))
    extends_term = forms.BooleanField(label=_("Memperpanjang jangka waktu"), required=False)
    end_date = forms.DateField(label=_("Berakhir (baru) pada"), widget=DATE, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("extends_term") and not cleaned.get("end_date"):
            self.add_error("end_date", _("Isi tanggal berakhir yang baru."))
        return cleaned
