from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Review

KINDS = [
    ("", _("Semua jenis")),
    ("NK", _("Nota Kesepahaman")),
    ("PKS", _("Perjanjian Kerja Sama")),
    ("ADDENDUM", _("Addendum")),
    ("OTHER", _("Bentuk lainnya")),
    ("MONEV", _("Monitoring dan evaluasi")),
]


class QueueFilterForm(forms.Form):
    office = forms.ModelChoiceField(label=_("Kantor pengaju"), queryset=None, required=False)
    kind = forms.ChoiceField(label=_("Jenis"), choices=KINDS, required=False)
    older_than = forms.IntegerField(
        label=_("Menunggu sedikitnya (hari)"), min_value=0, max_value=3650, required=False
    )

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices


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
