"""The office's KPU number pattern, edited by the admins of that office."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.locking import posted_lock_version
from offices.access import administers_itself

from ..forms import PatternForm
from ..models import Agreement, Kind, NumberCounter
from ..numbering import (
    format_number,
    numbering_pattern_save,
    pattern_for,
    pattern_version,
    validate_pattern,
)


def _previews(office, pattern: str) -> list[tuple[str, str]]:
    """The next number of each kind this year under `pattern` (nothing is reserved); none
    when the pattern is unusable (one stored before patterns were checked by formatting)."""
    if validate_pattern(pattern):
        return []
    today = timezone.localdate()
    last = dict(
        NumberCounter.objects.filter(office=office, year=today.year)
        .values_list("kind")
        .annotate(Max("last"))
    )
    rows = []
    for kind, label in Kind.choices:
        sample = Agreement(office=office, kind=kind, kpu_signatory_title="KETUA")
        number = format_number(
            pattern, seq=last.get(kind, 0) + 1, agreement=sample, signed_on=today
        )
        rows.append((label, number))
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def numbering_edit(request):
    office = request.office
    if not administers_itself(request.user, office):
        raise PermissionDenied
    initial = {"pattern": pattern_for(office), "lock_version": pattern_version(office)}
    form = PatternForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            numbering_pattern_save(
                office=office,
                pattern=form.cleaned_data["pattern"],
                user=request.user,
                lock_version=posted_lock_version(form),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Pola nomor disimpan."))
            return redirect("agreements:numbering")
    pattern = form.data.get("pattern") if form.is_bound and form.is_valid() else pattern_for(office)
    context = {
        "form": form,
        "office": office,
        "previews": _previews(office, pattern),
        "stored_problems": validate_pattern(pattern_for(office)),
    }
    return render(request, "agreements/numbering_form.html", context)
