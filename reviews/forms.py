import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Review

KINDS = [
    ("", _("Semua jenis")),
    ("NK", _("Nota Kesepahaman")),
    ("PKS", _("Perjanjian Kerja Sama")),
    ("ADDENDUM", _("Adendum")),
    ("OTHER", _("Bentuk lainnya")),
    ("MONEV", _("Monitoring dan evaluasi")),
]
KIND_LABELS = dict(KINDS[1:])
PENDING, DECIDED = "pending", "decided"
OLDEST, NEWEST = "oldest", "newest"


class QueueFilterForm(forms.Form):
    """The queue's filters; every one is a predicate the (office, decision, created_at)
    indexes can serve or a filter on the rows they return."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(PENDING, _("Menunggu keputusan")), (DECIDED, _("Sudah diputuskan"))],
        required=False,
    )
    kind = forms.ChoiceField(label=_("Jenis"), choices=KINDS, required=False)
    office = forms.ModelChoiceField(
        label=_("Kantor pengaju"), queryset=None, required=False, empty_label=_("Semua kantor")
    )
    q = forms.CharField(label=_("Cari perihal"), max_length=100, required=False)
    older_than = forms.IntegerField(
        label=_("Menunggu sedikitnya (hari)"), min_value=0, max_value=3650, required=False
    )
    sort = forms.ChoiceField(
        label=_("Urutan"),
        choices=[(OLDEST, _("Terlama dulu")), (NEWEST, _("Terbaru dulu"))],
        required=False,
    )

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices

    def valid_data(self) -> dict:
        """The fields that passed validation (an invalid one is shown with its error and
        ignored, the other filters still apply); empty for an unbound form."""
        self.is_valid()
        return getattr(self, "cleaned_data", {})

    @property
    def decided(self) -> bool:
        """True when the decided reviews are asked for (the pending queue otherwise)."""
        return self.valid_data().get("status") == DECIDED

    def apply(self, reviews):
        """`reviews` narrowed by the valid filters, oldest first unless asked otherwise."""
        data = self.valid_data()
        if self.decided:
            reviews = reviews.decided()
        else:
            reviews = reviews.filter(decision=Review.Decision.PENDING)
        if data.get("office"):
            reviews = reviews.filter(submitted_from=data["office"])
        if data.get("kind"):
            reviews = reviews.filter(subject_kind=data["kind"])
        if data.get("q", "").strip():
            reviews = reviews.filter(subject_title__icontains=data["q"].strip())
        if data.get("older_than") is not None:
            cutoff = timezone.now() - datetime.timedelta(days=data["older_than"])
            reviews = reviews.filter(created_at__lte=cutoff)
        newest = data.get("sort") == NEWEST
        return (
            reviews.order_by("-created_at", "-pk")
            if newest
            else reviews.order_by("created_at", "pk")
        )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[
            (Review.Decision.APPROVED, _("Setujui")),
            (Review.Decision.RETURNED, _("Kembalikan dengan catatan")),
        ],
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
