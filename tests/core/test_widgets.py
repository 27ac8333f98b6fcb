"""AutocompleteWidget and the text a picker sends."""

import pytest
from django import forms

from core.widgets import MAX_QUERY, AutocompleteWidget, id_param, typed_text
from offices.models import Office

pytestmark = pytest.mark.django_db


class OfficePicker(forms.Form):
    office = forms.ModelChoiceField(
        queryset=Office.objects.filter(code__startswith="35"),
        widget=AutocompleteWidget(url="/cari/?a=1"),
    )


def test_typed_text_drops_nul_and_caps_length(rf):
    assert typed_text(rf.get("/", {"q": "um\x00po"})) == "umpo"
    assert len(typed_text(rf.get("/", {"q": "x" * 5000}))) == MAX_QUERY
    assert typed_text(rf.get("/")) == ""


def test_id_param_takes_plain_ascii_ids_only(rf):
    assert id_param(rf.get("/", {"id": "42"}), "id") == 42
    for value in ("²", "٣", "-1", "4 2", "9" * 30, ""):
        assert id_param(rf.get("/", {"id": value}), "id") is None, value


def test_renders_chosen_name_from_the_fields_queryset_only(offices, ponorogo, sleman):
    html = str(OfficePicker({"office": ponorogo.pk})["office"])
    assert f'name="office" id="id_office_value" value="{ponorogo.pk}"' in html
    assert 'value="KPU Kabupaten Ponorogo"' in html and 'hx-get="/cari/?a=1"' in html
    assert "<option" not in html and "Sleman" not in html
    outside = OfficePicker({"office": sleman.pk})
    assert not outside.is_valid() and "office" in outside.errors
    assert "Sleman" not in str(outside["office"])
    assert (
        'value=""'
        in str(OfficePicker({"office": "abc"})["office"]).split("data-autocomplete-input")[0]
    )


def test_long_select_writes_the_options_escaped_with_the_choice_selected():
    from django import forms

    from core.widgets import LongSelect

    class Form(forms.Form):
        office = forms.ChoiceField(
            choices=[("", "Semua"), ("1", "KPU <RI>"), ("2", "KPU Jatim")], widget=LongSelect
        )

    html = str(Form({"office": "2"})["office"])
    assert '<option value="">Semua</option>' in html
    assert '<option value="1">KPU &lt;RI&gt;</option>' in html
    assert '<option value="2" selected>KPU Jatim</option>' in html
    assert 'name="office"' in html and 'id="id_office"' in html
