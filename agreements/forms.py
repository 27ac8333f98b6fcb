from crispy_forms.helper import FormHelper
from django import forms
from django.db.models import QuerySet
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.form_tokens import form_token_field, with_fresh_token
from core.locking import lock_version_field
from core.widgets import AutocompleteWidget, DatePickerInput
from offices.models import Official
from partners.models import Partner

from .date_rules import office_today
from .models import CLAUSE_MAX_CHARS, Agreement, Attachment, Kind, Regulation, Scope
from .numbering import validate_pattern

DATE = DatePickerInput()
TEXT = {"rows": 3}

DRAFT_FIELDS = [
    "parent",
    "renews",
    "title",
    "kpu_official",
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


def parent_choices(visible: QuerySet, kind: str) -> QuerySet | None:
    """What a draft of `kind` may point at as its parent: a PKS an NK that is not cancelled,
    an addendum a signed agreement; other kinds have no parent (None)."""
    if kind == Kind.PKS:
        return visible.filter(kind=Kind.NK).exclude(state=Agreement.State.CANCELLED)
    if kind == Kind.ADDENDUM:
        return visible.filter(state=Agreement.State.SIGNED)
    return None


def renewal_choices(visible: QuerySet, kind: str) -> QuerySet:
    """The signed or ended agreements of the same kind a new draft may renew."""
    return visible.signed().filter(kind=kind)


def agreement_picker_url(field: str, kind: str, agreement: Agreement | None = None) -> str:
    """The search behind the parent or renewal picker (agreements.autocomplete)."""
    params = {"field": field, "kind": kind}
    if agreement is not None and agreement.pk:
        params["agreement"] = agreement.pk
    return f"{reverse('agreements:autocomplete')}?{urlencode(params)}"


def partner_field(label) -> forms.ModelChoiceField:
    """An active partner of the registry, picked by typing (never a list of all of them)."""
    return forms.ModelChoiceField(
        label=label,
        queryset=Partner.objects.none(),
        widget=AutocompleteWidget(url=reverse_lazy("partners:autocomplete")),
        error_messages={"invalid_choice": _("Pilih mitra yang terdaftar dari daftar pencarian.")},
    )


class AgreementForm(forms.ModelForm):
    """The fields of a draft. `lock_version` carries the version the user opened."""

    scope = forms.MultipleChoiceField(
        label=_("Ruang lingkup"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    lock_version = lock_version_field()
    form_token = form_token_field()  # a new draft: one per form however often it is posted

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
            "parent": AutocompleteWidget(),
            "renews": AutocompleteWidget(),
        }

    def __init__(self, *args, visible_agreements, kind: str, office=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self._official_field(office or getattr(self.instance, "office", None))
        visible = visible_agreements.exclude(pk=self.instance.pk)
        parents = parent_choices(visible, kind)
        if parents is None:
            del self.fields["parent"]
        else:
            self.fields["parent"].queryset = parents
            if kind == Kind.PKS:
                self.fields["parent"].label = _("Nota Kesepahaman yang dilaksanakan (opsional)")
            else:
                self.fields["parent"].required = True
        self.fields["renews"].queryset = renewal_choices(visible, kind)
        for name in ("parent", "renews"):
            if name in self.fields:
                url = agreement_picker_url(name, kind, self.instance)
                self.fields[name].widget.url = url
                self.fields[name].error_messages["invalid_choice"] = _(
                    "Pilih perjanjian dari daftar pencarian."
                )
        if kind != Kind.ADDENDUM:
            del self.fields["extends_term"]
        else:
            del self.fields["start_date"]  # in force from the day it is signed
        if kind == Kind.NK:
            del self.fields["budget_source"]
            del self.fields["budget_amount"]
        if not self.is_bound and self.instance.pk:
            self.initial["lock_version"] = self.instance.lock_version
        elif not self.instance.pk:
            with_fresh_token(self)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def _official_field(self, office) -> None:
        """The KPU signatory from the office's officials register (Ketua or Sekretaris in
        office today); typing a name stays possible for an official not yet registered."""
        field = self.fields["kpu_official"]
        field.empty_label = _("— ketik nama di bawah —")
        officials = Official.objects.none()
        if office is not None and getattr(office, "pk", None):
            officials = (
                Official.objects.filter(office=office, position__in=["KETUA", "SEKRETARIS"])
                .current(timezone.localdate())
                .order_by("position", "name")
            )
            if self.instance.kpu_official_id:
                officials = officials | Official.objects.filter(pk=self.instance.kpu_official_id)
        field.queryset = officials
        field.label_from_instance = lambda official: f"{official.title} — {official.name}"
        self.fields["kpu_signatory_name"].required = False
        self.fields["kpu_signatory_name"].help_text = _(
            "Diisi dari daftar pejabat bila dipilih di atas; ketik hanya bila pejabat belum "
            "terdaftar."
        )

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
    """The first partner of a new draft (PIHAK KEDUA), from the partners `user` may see."""

    partner = partner_field(_("Mitra (PIHAK KEDUA)"))
    signatory_name = forms.CharField(label=_("Nama penanda tangan mitra"), required=False)
    signatory_title = forms.CharField(
        label=_("Jabatan penanda tangan mitra"),
        required=False,
        max_length=160,
        widget=forms.TextInput(attrs={"data-prefill": "leader_title"}),
        help_text=_(
            "Ditulis lengkap seperti pada naskah, mis. Rektor Universitas Muhammadiyah "
            "Ponorogo. Terisi dari jabatan pimpinan mitra; bila dikosongkan, jabatan itu yang "
            "dipakai."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.for_user(user).active()

    def party(self) -> dict:
        """The party as entered; a blank title is the partner's leader title as written."""
        party = dict(self.cleaned_data)
        title = (party.get("signatory_title") or "").strip()
        party["signatory_title"] = title or party["partner"].leader_title.strip()
        return party


class KindForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Jenis"), choices=[(k, v) for k, v in Kind.choices if k != Kind.ADDENDUM]
    )


class PartyForm(FirstPartyForm):
    partner = partner_field(_("Mitra"))


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("Tanggal penandatanganan"), widget=DATE)
    signed_place = forms.CharField(label=_("Tempat penandatanganan"), max_length=80)
    partner_number = forms.CharField(label=_("Nomor mitra"), max_length=120, required=False)
    partner_number_none = forms.BooleanField(label=_("Mitra tidak memberi nomor"), required=False)
    scan = forms.FileField(
        label=_("Pindaian naskah yang ditandatangani"),
        help_text=_("PDF, PNG atau JPEG, paling besar 20 MB."),
    )

    @staticmethod
    def initial_for(agreement: Agreement) -> dict:
        """Signed today where the owning office is (WIB, WITA or WIT), in its city."""
        return {"signed_on": office_today(agreement.office), "signed_place": agreement.office.city}

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


# --- Attachments, clauses, clause templates, numbering, regulations --------------------


class AttachmentForm(forms.Form):
    """What a user uploads to a draft; the signed scan comes with signing, not from here."""

    kind = forms.ChoiceField(
        label=_("Jenis lampiran"),
        choices=[c for c in Attachment.Kind.choices if c[0] != Attachment.Kind.SIGNED_SCAN],
    )
    file = forms.FileField(
        label=_("Berkas"),
        help_text=_("PDF, PNG atau JPEG, paling besar 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )


class ClauseForm(forms.Form):
    heading = forms.CharField(
        label=_("Judul pasal"),
        max_length=160,
        error_messages={"required": _("Judul pasal wajib diisi.")},
    )
    body = forms.CharField(
        label=_("Isi pasal"),
        required=False,
        max_length=CLAUSE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Satu ayat per baris, diawali “(1) ”. Kata dalam kurung kurawal, mis. "
            "{jangka_waktu}, diisi otomatis dari data perjanjian."
        ),
    )
    lock_version = lock_version_field()


class TemplateItemForm(forms.Form):
    position = forms.IntegerField(label=_("Urutan"), min_value=1, required=False)
    heading = forms.CharField(
        label=_("Judul pasal"),
        max_length=160,
        error_messages={"required": _("Judul pasal wajib diisi.")},
    )
    key = forms.SlugField(
        label=_("Kunci"),
        max_length=40,
        required=False,
        help_text=_("Kosongkan untuk dibuat dari judul."),
    )
    body = forms.CharField(
        label=_("Isi"),
        max_length=CLAUSE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Isi pasal wajib diisi.")},
    )
    required = forms.BooleanField(label=_("Wajib ada"), required=False)


ItemFormSet = forms.formset_factory(TemplateItemForm, extra=3, can_delete=True)


class TemplateNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan perubahan"),
        max_length=255,
        error_messages={"required": _("Tulis singkat apa yang diubah.")},
    )
    lock_version = lock_version_field()


class PatternForm(forms.Form):
    pattern = forms.CharField(
        label=_("Pola nomor"),
        max_length=120,
        help_text=_(
            "Token: {seq} nomor urut, {doc} jenis (NK, PKS, ADD), {office_code} kode kantor, "
            "{issuer} penerbit (KPU-Kab, Ses-Kab…), {month_roman} bulan Romawi, {year} tahun."
        ),
    )
    lock_version = lock_version_field()

    def clean_pattern(self) -> str:
        pattern = self.cleaned_data["pattern"].strip()
        problems = validate_pattern(pattern)
        if problems:
            raise forms.ValidationError(problems)
        return pattern


class RegulationForm(forms.ModelForm):
    class Meta:
        model = Regulation
        fields = [
            "type",
            "number",
            "year",
            "title",
            "gazette_number",
            "supplement_number",
            "amendment",
            "is_active",
        ]
        widgets = {"amendment": forms.Textarea(attrs={"rows": 3})}

    lock_version = lock_version_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["lock_version"] = self.instance.lock_version


class PickForm(forms.Form):
    regulations = forms.ModelMultipleChoiceField(
        label=_("Peraturan"),
        queryset=Regulation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        picked = agreement.regulations.all()
        field = self.fields["regulations"]
        field.queryset = Regulation.objects.filter(is_active=True) | picked
        field.queryset = field.queryset.distinct().order_by("year", "number")
        field.initial = list(picked)
