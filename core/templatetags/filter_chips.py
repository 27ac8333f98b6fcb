"""The active filters of a list as chips: each names the filter and its value and links to
the same address without that parameter (and without the page number)."""

from django import forms, template
from django.http import QueryDict

register = template.Library()


def _shown(field: forms.Field, value, raw: str) -> str:
    """The value as the filter form shows it: a choice's label, an object's name."""
    if isinstance(field, forms.BooleanField | forms.NullBooleanField):
        return ""
    if isinstance(field, forms.ModelChoiceField):
        return str(value)
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(raw, raw))
    return str(value)


def _without(params: QueryDict, name: str) -> str:
    """The query without `name`, the page number and the filters left empty."""
    query = QueryDict(mutable=True)
    for key, values in params.lists():
        kept = [value for value in values if value.strip()]
        if key not in (name, "page") and kept:
            query.setlist(key, kept)
    return query.urlencode()


@register.inclusion_tag("includes/filter_chips.html", takes_context=True)
def filter_chips(context, filterset) -> dict:
    """Chips for the filters of `filterset` the request sets (a valid value each)."""
    request = context["request"]
    form = filterset.form
    cleaned = form.cleaned_data if form.is_valid() else {}
    chips = []
    for name, field in form.fields.items():
        raw = request.GET.get(name, "")
        value = cleaned.get(name)
        if not raw.strip() or value in (None, "", False):
            continue
        query = _without(request.GET, name)
        chips.append(
            {
                "name": name,
                "label": field.label,
                "value": _shown(field, value, raw),
                "url": f"{request.path}?{query}" if query else request.path,
            }
        )
    return {"chips": chips, "reset": request.path}
