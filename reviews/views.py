"""The reviewer's queue and the decision page."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from offices.access import has_any_role
from offices.models import Membership, Office

from .forms import DecisionForm, QueueFilterForm
from .models import Review
from .services import review_decide, reviews_of


@login_required
@require_GET
def queue(request):
    """Pending reviews addressed to the offices where the user is a reviewer."""
    if not has_any_role(request.user, Membership.Role.REVIEWER):
        raise PermissionDenied
    reviews = Review.objects.decidable_by(request.user).select_related(
        "office", "submitted_from", "submitted_by"
    )
    form = QueueFilterForm(
        request.GET or None,
        offices=Office.objects.filter(pk__in=reviews.values("submitted_from")),
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["office"]:
            reviews = reviews.filter(submitted_from=data["office"])
        if data["kind"]:
            reviews = reviews.filter(subject_kind=data["kind"])
        if data["older_than"] is not None:
            cutoff = timezone.now() - datetime.timedelta(days=data["older_than"])
            reviews = reviews.filter(created_at__lte=cutoff)
    reviews = reviews.order_by("created_at")
    now = timezone.now()
    rows = [(review, (now - review.created_at).days) for review in reviews[:200]]
    return render(request, "reviews/queue.html", {"rows": rows, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def review_detail(request, pk):
    """The submission as the reviewer sees it, and the decision form for its reviewers."""
    review = get_object_or_404(
        Review.objects.for_user(request.user).select_related("office", "submitted_from"), pk=pk
    )
    can_decide = Review.objects.decidable_by(request.user).filter(pk=review.pk).exists()
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied
        if form.is_valid():
            try:
                review_decide(review=review, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error("notes" if hasattr(error, "error_dict") else None, error.messages)
            else:
                messages.success(request, _("Keputusan verifikasi disimpan."))
                return redirect("reviews:queue")
    subject = review.subject
    context = {
        "review": review,
        "subject": subject,
        "subject_template": f"{review.content_type.app_label}/includes/review_subject.html",
        "history": reviews_of(subject).filter(~Q(pk=review.pk)),
        "form": form if can_decide else None,
        **subject.review_context(),
    }
    return render(request, "reviews/review_detail.html", context)
