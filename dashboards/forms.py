from django import forms
from django.utils.translation import gettext_lazy as _

SEMESTERS = [(1, _("Semester I (Januari–Juni)")), (2, _("Semester II (Juli–Desember)"))]


class PeriodForm(forms.Form):
    """The period a dashboard shows: a year and a semester."""

    tahun = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    semester = forms.TypedChoiceField(label=_("Semester"), choices=SEMESTERS, coerce=int)
