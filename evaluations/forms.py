from django import forms
from django.utils.translation import gettext_lazy as _

from core.form_tokens import form_token_field, with_fresh_token
from core.locking import lock_version_field
from core.validators import EARLIEST_DATE, LATEST_DATE
from core.widgets import DatePickerInput

from .models import Activity, Criterion, Evaluation, Instrument, Recommendation, Semester

DATE = DatePickerInput(min_date=EARLIEST_DATE, max_date=LATEST_DATE)
SCORE_CHOICES = [(str(n), str(n)) for n in range(1, 6)]


class EvaluationForm(forms.Form):
    """The draft: status, narrative, one score and reason per criterion, the recommendation.

    Score fields are named `score_<criterion pk>` and `reason_<criterion pk>`. A plain form,
    not a ModelForm: the service computes the score and the recommendation, so the model's
    own validation runs there, on the values it will store.
    """

    implementation_status = forms.ChoiceField(
        label=_("Status pelaksanaan"),
        choices=Evaluation.Status.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    obstacles = forms.CharField(
        label=_("Kendala"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    follow_up = forms.CharField(
        label=_("Tindak lanjut"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    budget_realised = forms.DecimalField(
        label=_("Realisasi anggaran (Rp)"),
        max_digits=16,
        decimal_places=2,
        min_value=0,
        required=False,
    )
    recommendation_override = forms.ChoiceField(
        label=_("Rekomendasi"),
        choices=[("", _("Ikuti hasil penilaian"))] + list(Recommendation.choices),
        required=False,
        help_text=_("Pilih rekomendasi lain hanya dengan justifikasi tertulis."),
    )
    override_justification = forms.CharField(
        label=_("Justifikasi perubahan rekomendasi"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, evaluation: Evaluation, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        scores = {s.criterion_id: s for s in evaluation.scores.all()}
        self.initial |= {
            "implementation_status": evaluation.implementation_status,
            "obstacles": evaluation.obstacles,
            "follow_up": evaluation.follow_up,
            "budget_realised": evaluation.budget_realised,
            "override_justification": evaluation.override_justification,
            "recommendation_override": evaluation.recommendation
            if evaluation.is_overridden
            else "",
            "lock_version": evaluation.lock_version,
        }
        for criterion in criteria:
            score = scores.get(criterion.pk)
            choices = [
                (value, f"{value} — {text}")
                for (value, _label), text in zip(SCORE_CHOICES, criterion.descriptors, strict=True)
            ]
            self.fields[f"score_{criterion.pk}"] = forms.ChoiceField(
                label=_("Skor"),
                choices=choices,
                widget=forms.RadioSelect,
                required=False,
                initial=str(score.value) if score else None,
            )
            self.fields[f"reason_{criterion.pk}"] = forms.CharField(
                label=_("Alasan"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=score.reason if score else "",
            )

    def score_fields(self) -> list[tuple]:
        """(criterion, score field, reason field) for the template."""
        return [(c, self[f"score_{c.pk}"], self[f"reason_{c.pk}"]) for c in self.criteria]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "lock_version": data["lock_version"],
            "implementation_status": data["implementation_status"] or "",
            "obstacles": data["obstacles"],
            "follow_up": data["follow_up"],
            "budget_realised": data["budget_realised"],
            "override_justification": data["override_justification"],
            "recommendation_override": data["recommendation_override"],
            "scores": {
                c.pk: (
                    int(data[f"score_{c.pk}"]) if data[f"score_{c.pk}"] else None,
                    data[f"reason_{c.pk}"],
                )
                for c in self.criteria
            },
        }


class ActivityForm(forms.ModelForm):
    """An activity; an edit carries the version it was opened with, a new one a one-time
    token (core.locking, core.form_tokens)."""

    lock_version = lock_version_field()
    form_token = form_token_field()

    class Meta:
        model = Activity
        fields = ["date", "description", "place", "output", "participants"]
        widgets = {"date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            if not self.is_bound:
                self.initial["lock_version"] = self.instance.lock_version
        else:
            with_fresh_token(self)

    def activity_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Bukti"),
        help_text=_("PDF, PNG atau JPEG, paling besar 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )


class InstrumentForm(forms.ModelForm):
    # The version the admin opened: saving over a newer one is refused (core.locking).
    lock_version = lock_version_field()

    class Meta:
        model = Instrument
        fields = ["grace_days", "review_from", "improve_from", "continue_from", "note"]


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("Kriteria"), max_length=200)
    weight = forms.IntegerField(label=_("Bobot (%)"), min_value=1, max_value=100)
    descriptor_1 = forms.CharField(label=_("Skor 1"), max_length=300)
    descriptor_2 = forms.CharField(label=_("Skor 2"), max_length=300)
    descriptor_3 = forms.CharField(label=_("Skor 3"), max_length=300)
    descriptor_4 = forms.CharField(label=_("Skor 4"), max_length=300)
    descriptor_5 = forms.CharField(label=_("Skor 5"), max_length=300)

    def criterion(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "weight": data["weight"],
            "descriptors": [data[f"descriptor_{n}"] for n in range(1, 6)],
        }


CriterionFormSet = forms.formset_factory(CriterionForm, extra=1, can_delete=True)


def criterion_initial(instrument: Instrument) -> list[dict]:
    return [
        {"name": c.name, "weight": c.weight}
        | {f"descriptor_{n}": text for n, text in enumerate(c.descriptors, start=1)}
        for c in instrument.criteria.all()
    ]


class ReportPeriodForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    semester = forms.TypedChoiceField(
        label=_("Periode"),
        choices=[
            (Semester.FIRST, _("Semester I (Januari–Juni)")),
            (Semester.SECOND, _("Semester II (Juli–Desember)")),
            (Semester.YEAR, _("Setahun")),
        ],
        coerce=int,
    )


class ReportSubmitForm(forms.Form):
    """The narrative conclusion an office writes when it sends its report upward."""

    conclusion = forms.CharField(
        label=_("Kesimpulan"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ringkasan pelaksanaan kerja sama periode ini; dicetak pada laporan."),
    )


class PeriodFilterForm(forms.Form):
    """?tahun=&semester= on the monev page: the periods ending in that semester."""

    tahun = forms.IntegerField(min_value=2000, max_value=2100)
    semester = forms.TypedChoiceField(
        choices=[(Semester.FIRST, "1"), (Semester.SECOND, "2")], coerce=int
    )
