"""Activities of an evaluation and their evidence files (evaluations.activities)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.form_tokens import AlreadySubmitted, already_saved, create_once
from core.forms import form_errors
from core.locking import posted_lock_version
from core.uploads import private_download

from . import activities
from .forms import ActivityForm, EvidenceForm
from .models import Evidence
from .views import evaluation_or_404, writable_or_403

GET_POST = require_http_methods(["GET", "POST"])


def _activity_form_page(request, evaluation, form, activity=None):
    context = {"evaluation": evaluation, "form": form, "activity": activity}
    return render(request, "evaluations/activity_form.html", context)


@login_required
@GET_POST
def activity_add(request, pk):
    evaluation = writable_or_403(request, pk)
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            create_once(
                token=form.cleaned_data["form_token"],
                user=request.user,
                purpose="activity",
                create=lambda: activities.activity_add(
                    user=request.user, evaluation=evaluation, **form.activity_fields()
                ),
            )
        except AlreadySubmitted as done:
            return already_saved(request, done, evaluation)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Kegiatan dicatat. Unggah buktinya."))
            return redirect(evaluation)
    return _activity_form_page(request, evaluation, form)


@login_required
@GET_POST
def activity_edit(request, pk, activity_pk):
    evaluation = writable_or_403(request, pk)
    activity = get_object_or_404(evaluation.activities, pk=activity_pk)
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        try:
            activities.activity_update(
                user=request.user,
                activity=activity,
                lock_version=posted_lock_version(form),
                **form.activity_fields(),
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Kegiatan disimpan."))
            return redirect(evaluation)
    return _activity_form_page(request, evaluation, form, activity)


@login_required
@require_POST
def activity_remove(request, pk, activity_pk):
    evaluation = writable_or_403(request, pk)
    activity = get_object_or_404(evaluation.activities, pk=activity_pk)
    try:
        activities.activity_remove(user=request.user, activity=activity)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Kegiatan dihapus."))
    return redirect(evaluation)


@login_required
@require_POST
def evidence_add(request, pk, activity_pk):
    evaluation = writable_or_403(request, pk)
    activity = get_object_or_404(evaluation.activities, pk=activity_pk)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Bukti tidak disimpan: pilih berkasnya."))
        return redirect(evaluation)
    try:
        evidence = activities.evidence_add(
            user=request.user, activity=activity, upload=form.cleaned_data["file"]
        )
    except ValidationError as error:
        messages.error(
            request, _("Bukti tidak disimpan. %(errors)s") % {"errors": " ".join(error.messages)}
        )
    else:
        messages.success(request, _("Bukti %(name)s disimpan.") % {"name": evidence})
    return redirect(evaluation)


def _evidence_or_404(evaluation, evidence_pk) -> Evidence:
    return get_object_or_404(Evidence, activity__evaluation=evaluation, pk=evidence_pk)


@login_required
@require_GET
def evidence_download(request, pk, evidence_pk):
    """Served only after the scope check on the evaluation (404 outside it)."""
    evidence = _evidence_or_404(evaluation_or_404(request.user, pk), evidence_pk)
    try:
        return private_download(evidence.file, evidence.original_name)
    except FileNotFoundError as missing:
        raise Http404(_("Berkas bukti tidak ditemukan.")) from missing


@login_required
@require_POST
def evidence_remove(request, pk, evidence_pk):
    evaluation = writable_or_403(request, pk)
    evidence = _evidence_or_404(evaluation, evidence_pk)
    try:
        activities.evidence_remove(user=request.user, evidence=evidence)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Bukti %(name)s dihapus.") % {"name": evidence})
    return redirect(evaluation)
