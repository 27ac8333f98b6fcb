"""The htmx clause editor of a draft and the national admins' clause-template pages.

htmx requests get the clause list partial (it replaces #clauses); plain form posts are
redirected to the agreement page, so every action also works without JavaScript.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from core.locking import lock_version_field, posted_lock_version

from . import clauses as services
from .access import require_write
from .models import CLAUSE_MAX_CHARS, Agreement, Clause, ClauseTemplate, Kind

LIST_TEMPLATE = "agreements/clauses/clause_list.html"
PAGE_TEMPLATE = "agreements/clauses/clause_page.html"
FORM_TEMPLATE = "agreements/clauses/clause_form.html"
GET_POST = require_http_methods(["GET", "POST"])
HTMX_VARY = vary_on_headers("HX-Request")


class ClauseForm(forms.Form):
    heading = forms.CharField(
        label=gettext_lazy("Judul pasal"),
        max_length=160,
        error_messages={"required": gettext_lazy("Judul pasal wajib diisi.")},
    )
    body = forms.CharField(
        label=gettext_lazy("Isi pasal"),
        required=False,
        max_length=CLAUSE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy(
            "Satu ayat per baris, diawali “(1) ”. Kata dalam kurung kurawal, mis. "
            "{jangka_waktu}, diisi otomatis dari data perjanjian."
        ),
    )
    lock_version = lock_version_field()


# --- The clause editor ---------------------------------------------------------------


def _agreement_or_404(user, pk) -> Agreement:
    queryset = (
        Agreement.objects.for_user(user)
        .select_related("office", "parent__office")
        .prefetch_related("parties__partner")
    )
    return get_object_or_404(queryset, pk=pk)


def _writable(request, pk) -> Agreement:
    """The agreement if the user may see it (else 404) and write it (else 403)."""
    agreement = _agreement_or_404(request.user, pk)
    require_write(request.user, agreement)
    return agreement


def _clause_or_404(agreement: Agreement, clause_pk) -> Clause:
    return get_object_or_404(agreement.clauses, pk=clause_pk)


def _respond(request, agreement: Agreement, **extra):
    """The clause list: the partial for htmx, a page of its own otherwise."""
    context = services.clause_context(agreement, request.user) | extra
    return render(request, LIST_TEMPLATE if request.htmx else PAGE_TEMPLATE, context)


def _done(request, agreement: Agreement, message: str):
    if request.htmx:
        return _respond(request, agreement)
    messages.success(request, message)
    return redirect("agreements:detail", agreement.pk)


def _refused(request, agreement: Agreement, error: ValidationError):
    """A rule of the service failed (not a field): say so above the list."""
    text = " ".join(error.messages)
    if request.htmx:
        return _respond(request, agreement, error=text)
    messages.error(request, text)
    return redirect("agreements:detail", agreement.pk)


def _field_errors(form: forms.Form, error: ValidationError) -> bool:
    """Put a service's field errors on the form; False when the error names no field."""
    if not hasattr(error, "error_dict"):
        return False
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
    return True


@login_required
@require_GET
@HTMX_VARY
def clause_list(request, pk):
    return _respond(request, _agreement_or_404(request.user, pk))


@login_required
@require_POST
@HTMX_VARY
def clause_add(request, pk):
    agreement = _writable(request, pk)
    form = ClauseForm(request.POST, auto_id="clause-add-%s")
    after_pk = request.POST.get("after", "")
    plain_id = after_pk.isascii() and after_pk.isdigit() and len(after_pk) <= 12
    after = _clause_or_404(agreement, after_pk) if plain_id else None
    if form.is_valid():
        try:
            services.clause_add(
                user=request.user,
                agreement=agreement,
                after=after,
                heading=form.cleaned_data["heading"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            if not _field_errors(form, error):
                return _refused(request, agreement, error)
        else:
            return _done(request, agreement, _("Pasal ditambahkan."))
    return _respond(request, agreement, add_form=form, add_after=after_pk)


@login_required
@GET_POST
@HTMX_VARY
def clause_edit(request, pk, clause_pk):
    """GET: the inline edit form of one Pasal; POST: save it and show the list."""
    agreement = _writable(request, pk)
    clause = _clause_or_404(agreement, clause_pk)
    auto_id = f"clause-{clause.pk}-%s"
    if request.method == "GET":
        if not agreement.is_editable:
            return _refused(request, agreement, ValidationError(_("Pasal tidak dapat diubah.")))
        initial = {"heading": clause.heading, "body": clause.body}
        form = ClauseForm(initial=initial | {"lock_version": clause.lock_version}, auto_id=auto_id)
        if request.htmx:
            return render(
                request, FORM_TEMPLATE, {"agreement": agreement, "clause": clause, "form": form}
            )
        return _respond(request, agreement, editing=clause.pk, edit_form=form)
    form = ClauseForm(request.POST, auto_id=auto_id)
    if form.is_valid():
        try:
            services.clause_update(
                user=request.user,
                clause=clause,
                heading=form.cleaned_data["heading"],
                body=form.cleaned_data["body"],
                lock_version=posted_lock_version(form),
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "stale":
                # Keep the form and the text typed into it, with the reason above it.
                form.add_error(None, error)
            elif not _field_errors(form, error):
                return _refused(request, agreement, error)
        else:
            return _done(request, agreement, _("Pasal disimpan."))
    return _respond(request, agreement, editing=clause.pk, edit_form=form)


@login_required
@require_POST
@HTMX_VARY
def clause_remove(request, pk, clause_pk):
    agreement = _writable(request, pk)
    clause = _clause_or_404(agreement, clause_pk)
    try:
        services.clause_remove(user=request.user, clause=clause)
    except ValidationError as error:
        return _refused(request, agreement, error)
    return _done(request, agreement, _("Pasal dihapus."))


@login_required
@require_POST
@HTMX_VARY
def clause_move(request, pk, clause_pk):
    agreement = _writable(request, pk)
    clause = _clause_or_404(agreement, clause_pk)
    direction = request.POST.get("direction", "")
    try:
        services.clause_move(user=request.user, clause=clause, direction=direction)
    except ValidationError as error:
        return _refused(request, agreement, error)
    return _done(request, agreement, _("Urutan pasal diubah."))


# --- Clause templates (national admins) -------------------------------------------------


class TemplateItemForm(forms.Form):
    position = forms.IntegerField(label=gettext_lazy("Urutan"), min_value=1, required=False)
    heading = forms.CharField(
        label=gettext_lazy("Judul pasal"),
        max_length=160,
        error_messages={"required": gettext_lazy("Judul pasal wajib diisi.")},
    )
    key = forms.SlugField(
        label=gettext_lazy("Kunci"),
        max_length=40,
        required=False,
        help_text=gettext_lazy("Kosongkan untuk dibuat dari judul."),
    )
    body = forms.CharField(
        label=gettext_lazy("Isi"),
        max_length=CLAUSE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": gettext_lazy("Isi pasal wajib diisi.")},
    )
    required = forms.BooleanField(label=gettext_lazy("Wajib ada"), required=False)


ItemFormSet = forms.formset_factory(TemplateItemForm, extra=3, can_delete=True)


class TemplateNoteForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Catatan perubahan"),
        max_length=255,
        error_messages={"required": gettext_lazy("Tulis singkat apa yang diubah.")},
    )
    lock_version = lock_version_field()


def _require_manager(user) -> None:
    if not services.can_manage_templates(user):
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
    current = {kind: services.current_template(kind) for kind in Kind.values}
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
@GET_POST
def clause_template_edit(request, kind):
    """Edit the Pasal of a kind's template; saving makes a new version."""
    _require_manager(request.user)
    kind = _kind_or_404(kind)
    current = services.current_template(kind)
    errors: list[str] = []
    if request.method == "POST":
        formset = ItemFormSet(request.POST, prefix="items")
        note_form = TemplateNoteForm(request.POST)
        if formset.is_valid() and note_form.is_valid():
            try:
                template = services.template_new_version(
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
