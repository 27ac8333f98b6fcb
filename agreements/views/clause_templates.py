"""The national admins' clause-template pages: each kind's Pasal, edited as a new version."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.locking import posted_lock_version

from .. import clauses
from ..forms import ItemFormSet, TemplateNoteForm
from ..models import ClauseTemplate, Kind


def _require_manager(user) -> None:
    if not clauses.can_manage_templates(user):
        raise PermissionDenied


def _kind_or_404(kind: str) -> str:
    if kind.upper() not in Kind.values:
        raise Http404
    return kind.upper()


@login_required
@require_GET
def clause_template_list(request):
    """Each kind with its current version and the history of versions."""
    _require_manager(request.user)
    current = {kind: clauses.current_template(kind) for kind in Kind.values}
    versions = (
        ClauseTemplate.objects.select_related("created_by")
        .annotate(item_count=Count("items"))
        .order_by("kind", "-version")
    )
    rows = [
        {
            "kind": kind,
            "label": label,
            "current": current[kind],
            "versions": [v for v in versions if v.kind == kind],
        }
        for kind, label in Kind.choices
    ]
    return render(request, "agreements/clause_templates/template_list.html", {"rows": rows})


def _items_of(formset) -> list[dict]:
    fields = ("position", "heading", "key", "body", "required")
    return [
        {name: form.cleaned_data.get(name) for name in fields}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


@login_required
@require_http_methods(["GET", "POST"])
def clause_template_edit(request, kind):
    """Edit the Pasal of a kind's template; saving makes a new version."""
    _require_manager(request.user)
    kind = _kind_or_404(kind)
    current = clauses.current_template(kind)
    errors: list[str] = []
    if request.method == "POST":
        formset = ItemFormSet(request.POST, prefix="items")
        note_form = TemplateNoteForm(request.POST)
        if formset.is_valid() and note_form.is_valid():
            try:
                template = clauses.template_new_version(
                    user=request.user,
                    kind=kind,
                    items=_items_of(formset),
                    note=note_form.cleaned_data["note"],
                    lock_version=posted_lock_version(note_form),
                )
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(request, _("Templat %(t)s disimpan.") % {"t": template})
                return redirect("agreements:clause-templates")
    else:
        initial = [
            {
                "position": i.position,
                "heading": i.heading,
                "key": i.key,
                "body": i.body,
                "required": i.required,
            }
            for i in current.items.order_by("position")
        ]
        formset = ItemFormSet(initial=initial, prefix="items")
        note_form = TemplateNoteForm(initial={"lock_version": current.version})
    context = {
        "kind": kind,
        "kind_label": Kind(kind).label,
        "current": current,
        "formset": formset,
        "note_form": note_form,
        "errors": errors,
    }
    return render(request, "agreements/clause_templates/template_form.html", context)
