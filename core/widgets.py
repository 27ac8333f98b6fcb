"""AutocompleteWidget: pick one row of a large table by typing, instead of a <select>.

A <select> lists every choice in the page; with a national registry (20,000 partners,
100,000 agreements) that is megabytes per page. This widget renders a search box that asks
an htmx endpoint for at most a screenful of matches (templates/includes/autocomplete_results.html)
and a hidden input that carries the chosen id (static/js/autocomplete.js fills it). The form
field stays a ModelChoiceField over the user's scoped queryset, so an id typed by hand that
lies outside it is a form error.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

MAX_QUERY = 100


def typed_text(request) -> str:
    """What was typed into a picker (?q=): PostgreSQL refuses NUL, and a name is short."""
    return request.GET.get("q", "").replace("\x00", "")[:MAX_QUERY]


def id_param(request, name: str) -> int | None:
    """?<name>= as a row id, or None for anything else ("²" passes str.isdigit, not int())."""
    value = request.GET.get(name, "")
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


class ProjectTemplateWidget:
    """A widget whose markup is one of the project's templates (`template_name` under
    templates/), rendered by the template engine rather than the form renderer."""

    template_name: str

    def render(self, name, value, attrs=None, renderer=None) -> str:
        context = self.get_context(name, value, attrs)
        return mark_safe(render_to_string(self.template_name, context))  # noqa: S308  (the template engine escaped every value)  # nosec B308, B703


class AutocompleteWidget(ProjectTemplateWidget, forms.Widget):
    """A search box for a ModelChoiceField; `url` answers GET ?q=<text> with the results."""

    template_name = "includes/autocomplete.html"

    def __init__(self, url: str = "", attrs: dict | None = None):
        super().__init__(attrs)
        self.url = url

    def use_required_attribute(self, initial) -> bool:
        # The search box may hold text while nothing is chosen: the server decides.
        return False

    def selected_label(self, value) -> str:
        """The chosen row's name, looked up in the field's queryset (never outside it)."""
        queryset = getattr(getattr(self, "choices", None), "queryset", None)
        if value in (None, "") or queryset is None:
            return ""
        try:
            chosen = queryset.filter(pk=value).first()
        except (ValueError, TypeError, ValidationError):
            return ""
        return str(chosen) if chosen is not None else ""

    def get_context(self, name, value, attrs) -> dict:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        css = widget["attrs"].get("class", "")
        widget["attrs"]["class"] = f"{css} autocomplete-input".strip()
        widget |= {
            "url": str(self.url),
            "label": self.selected_label(widget["value"]),
            "invalid": "is-invalid" in css.split(),
        }
        return context


class LongSelect(forms.Select):
    """A <select> of hundreds of options (the 553 offices) written in one pass.

    Django renders every option through a template of its own; for 553 offices that is a
    large share of a list page's time. The markup and escaping are the same as Select's.
    """

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option_value, " selected" if str(option_value) in chosen else "", label)
                for option_value, label in self._plain_choices()
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), options)

    def _plain_choices(self):
        for option_value, label in self.choices:
            yield (
                ("" if option_value is None else getattr(option_value, "value", option_value)),
                label,
            )


_TYPED_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class DatePickerInput(ProjectTemplateWidget, forms.DateInput):
    """A date typed and shown as dd/mm/yyyy, the Indonesian order, whatever the browser's
    language; static/js/datepicker.js adds a calendar button (no inline script).

    `<input type="date">` shows the browser locale's order (mm/dd/yyyy in an English
    Chromium) and cannot be told otherwise, so this is a text input. The typed day/month/year
    is handed to the form field as ISO, which every DateField accepts in every language; ISO
    typed or posted as such (tests, API clients) passes through. Bounds (`min`/`max` as
    dates) become the picker's data-min/data-max.
    """

    input_type = "text"
    template_name = "includes/date_input.html"
    FORMAT = "%d/%m/%Y"

    def __init__(self, attrs: dict | None = None, *, min_date=None, max_date=None):
        defaults = {
            "placeholder": _("hh/bb/tttt"),
            "inputmode": "numeric",
            "autocomplete": "off",
            "data-datepicker": "",
            "maxlength": "10",
        }
        if min_date:
            defaults["data-min"] = min_date.isoformat()
        if max_date:
            defaults["data-max"] = max_date.isoformat()
        super().__init__(attrs=defaults | (attrs or {}), format=self.FORMAT)

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        match = _TYPED_DATE.match(value or "")
        if not match:
            return value
        day, month, year = (int(part) for part in match.groups())
        return f"{year:04}-{month:02}-{day:02}"

    def format_value(self, value):
        if isinstance(value, str) and (match := _ISO_DATE.match(value)):
            year, month, day = match.groups()
            return f"{day}/{month}/{year}"
        return super().format_value(value)
