"""The htmx clause editor of a draft.

htmx requests get the clause list partial (it replaces #clauses); plain form posts are
redirected to the agreement page, so every action also works without JavaScript.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import error_text, form_errors
from core.htmx import vary_on_htmx
from core.locking import posted_lock_version

from .. import clauses
from ..access import agreement_or_404
from ..forms import ClauseForm
from ..models import Agreement, Clause

LIST_TEMPLATE = "agreements/clauses/clause_list.html"
PAGE_TEMPLATE = "agreements/clauses/clause_page.html"
FORM_TEMPLATE = "agreements/clauses/clause_form.html"
GET_POST = require_http_methods(["GET", "POST"])


def _agreement_or_404(user, pk, *, write: bool = False) -> Agreement:
    """The agreement with its parties, whose names the clauses cite."""
    agreement = agreement_or_404(user, pk, write=write)
    prefetch_related_objects([agreement], "parties__partner")
    return agreement


def _clause_or_404(agreement: Agreement, clause_pk) -> Clause:
    return get_object_or_404(agreement.clauses, pk=clause_pk)


def _respond(request, agreement: Agreement, **extra):
    """The clause list: the partial for htmx, a page of its own otherwise."""
    context = clauses.clause_context(agreement, request.user) | extra
    return render(request, LIST_TEMPLATE if request.htmx else PAGE_TEMPLATE, context)


def _done(request, agreement: Agreement, message: str):
    if request.htmx:
        return _respond(request, agreement)
    messages.success(request, message)
    return redirect("agreements:detail", agreement.pk)


def _refused(request, agreement: Agreement, error: ValidationError):
    """A rule of the service failed (not a field): say so above the list."""
    text = error_text(error)
    if request.htmx:
        return _respond(request, agreement, error=text)
    messages.error(request, text)
    return redirect("agreements:detail", agreement.pk)


@login_required
@require_GET
@vary_on_htmx
def clause_list(request, pk):
    return _respond(request, _agreement_or_404(request.user, pk))


@login_required
@require_POST
@vary_on_htmx
def clause_add(request, pk):
    agreement = _agreement_or_404(request.user, pk, write=True)
    form = ClauseForm(request.POST, auto_id="clause-add-%s")
    after_pk = request.POST.get("after", "")
    plain_id = after_pk.isascii() and after_pk.isdigit() and len(after_pk) <= 12
    after = _clause_or_404(agreement, after_pk) if plain_id else None
    if form.is_valid():
        try:
            clauses.clause_add(
                user=request.user,
                agreement=agreement,
                after=after,
                heading=form.cleaned_data["heading"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                return _refused(request, agreement, error)
            form_errors(form, error)
        else:
            return _done(request, agreement, _("Pasal ditambahkan."))
    return _respond(request, agreement, add_form=form, add_after=after_pk)


@login_required
@GET_POST
@vary_on_htmx
def clause_edit(request, pk, clause_pk):
    """GET: the inline edit form of one Pasal; POST: save it and show the list."""
    agreement = _agreement_or_404(request.user, pk, write=True)
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
            clauses.clause_update(
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
            elif hasattr(error, "error_dict"):
                form_errors(form, error)
            else:
                return _refused(request, agreement, error)
        else:
            return _done(request, agreement, _("Pasal disimpan."))
    return _respond(request, agreement, editing=clause.pk, edit_form=form)


@login_required
@require_POST
@vary_on_htmx
def clause_remove(request, pk, clause_pk):
    agreement = _agreement_or_404(request.user, pk, write=True)
    clause = _clause_or_404(agreement, clause_pk)
    try:
        clauses.clause_remove(user=request.user, clause=clause)
    except ValidationError as error:
        return _refused(request, agreement, error)
    return _done(request, agreement, _("Pasal dihapus."))


@login_required
@require_POST
@vary_on_htmx
def clause_move(request, pk, clause_pk):
    agreement = _agreement_or_404(request.user, pk, write=True)
    clause = _clause_or_404(agreement, clause_pk)
    direction = request.POST.get("direction", "")
    try:
        clauses.clause_move(user=request.user, clause=clause, direction=direction)
    except ValidationError as error:
        return _refused(request, agreement, error)
    return _done(request, agreement, _("Urutan pasal diubah."))
