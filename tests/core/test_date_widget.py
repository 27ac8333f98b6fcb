"""DatePickerInput: dates typed and shown as dd/mm/yyyy in every form of the app."""

import datetime

import pytest
from django import forms
from django.utils import translation

from agreements.forms import AddendumForm, AgreementForm, RegisterForm, SignForm, TerminateForm
from core.widgets import DatePickerInput
from evaluations.forms import ActivityForm
from offices.official_views import OfficialForm


class _Form(forms.Form):
    day = forms.DateField(widget=DatePickerInput(max_date=datetime.date(2100, 12, 31)))


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    "typed", ["05/12/2026", "5/12/2026", "05-12-2026", "5.12.2026", "2026-12-05"]
)
def test_day_month_year_in_every_language(language, typed):
    with translation.override(language):
        form = _Form({"day": typed})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == datetime.date(2026, 12, 5)


def test_impossible_date_refused_and_shown_as_typed():
    form = _Form({"day": "31/02/2026"})
    assert not form.is_valid()
    html = str(form["day"])
    assert 'value="2026-02-31"' not in html and 'value="31/02/2026"' in html


def test_rendered_as_text_with_the_calendar_button_for_javascript():
    html = str(_Form(initial={"day": datetime.date(2026, 1, 5)})["day"])
    assert 'type="text"' in html and 'value="05/01/2026"' in html
    assert "data-datepicker" in html and 'data-max="2100-12-31"' in html
    assert "data-datepicker-toggle" in html and " hidden>" in html
    assert 'type="date"' not in html


@pytest.mark.parametrize(
    ("form_class", "field"),
    [
        (AgreementForm, "start_date"),
        (AgreementForm, "end_date"),
        (SignForm, "signed_on"),
        (RegisterForm, "signed_on"),
        (TerminateForm, "terminated_on"),
        (AddendumForm, "end_date"),
        (ActivityForm, "date"),
        (OfficialForm, "valid_from"),
        (OfficialForm, "valid_to"),
    ],
)
def test_every_date_field_uses_the_picker(form_class, field):
    assert isinstance(form_class.base_fields[field].widget, DatePickerInput)
