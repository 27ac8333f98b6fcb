"""The reviewer's queue and the decision page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from offices.access import has_any_role
from offices.models import Membership, Office, scope_q, subtree_ids

from .forms import KIND_LABELS, DecisionForm, QueueFilterForm
from .four_eyes import FOUR_EYES, decided_message, is_recused
from .models import Review
from .services import review_decide, reviews_of

PER_PAGE = 25


def _watched_office(request) -> Office | None:
    """?kantor=<id>: an office in the user's scope (404 outside it)."""
    wanted = request.GET.get("kantor", "")
    if not wanted:
        return None
    if not (wanted.isascii() and wanted.isdigit()) or len(wanted) > 12:
        raise Http404
    return get_object_or_404(Office.objects.for_user(request.user), pk=int(wanted))


@login_required
@require_GET
def queue(request):
    """The reviews addressed to the offices where the user is a reviewer: pending (or decided)
    ones, filtered, oldest first, PER_PAGE a page with the total. Queries do not grow with
    the number of reviews: one count, one page of rows, the office choices."""
    watched = _watched_office(request)
    if watched is not None:
        # Any role may watch what waits at an office in its scope and below (the dashboards
        # link here); deciding stays with the reviewers on the review's own page.
        base = Review.objects.all()
        if watched.level != Office.Level.NATIONAL:
            base = base.filter(office__in=subtree_ids([watched.pk]))
        offices = Office.objects.for_user(request.user)
    else:
        if not has_any_role(request.user, Membership.Role.REVIEWER):
            raise PermissionDenied
        # A superuser sees every queue; deciding still needs a REVIEWER role (four eyes).
        base = (
            Review.objects.all()
            if request.user.is_superuser
            else Review.objects.addressed_to_reviewer(request.user)
        )
        offices = Office.objects.filter(scope_q(request.user, roles=(Membership.Role.REVIEWER,)))
    form = QueueFilterForm(request.GET or None, offices=offices.order_by("code"))
    reviews = form.apply(base.select_related("submitted_from", "office"))
    page = Paginator(reviews, PER_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [
        (review, (now - review.created_at).days, KIND_LABELS.get(review.subject_kind, ""))
        for review in page
    ]
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "rows": rows,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        "query": params.urlencode(),
        "form": form,
        "decided": form.decided,
        "watched": watched,
    }
    return render(request, "reviews/queue.html", context)


def _refusal(review: Review, user) -> str:
    """Why an addressed reviewer sees no decision form: decided already, or recused."""
    if review.decision != Review.Decision.PENDING:
        return decided_message(review)
    if Review.objects.addressed_to_reviewer(user).filter(pk=review.pk).exists():
        return str(FOUR_EYES) if is_recused(review, user) else ""
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def review_detail(request, pk):
    """The submission as the reviewer sees it, and the decision form for its reviewers.

    A decision that loses a race, or comes from the submitter or an editor, is refused by the
    service with its reason, shown on this page (not a bare 403)."""
    review = get_object_or_404(
        Review.objects.for_user(request.user).select_related(
            "office", "submitted_from", "decided_by"
        ),
        pk=pk,
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if not Review.objects.addressed_to_reviewer(request.user).filter(pk=review.pk).exists():
            raise PermissionDenied
        if form.is_valid():
            try:
                review_decide(review=review, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                if getattr(error, "code", None) in ("decided", "four_eyes"):
                    messages.error(request, " ".join(error.messages))
                    return redirect("reviews:detail", review.pk)
                form.add_error("notes" if hasattr(error, "error_dict") else None, error.messages)
            else:
                messages.success(request, _("Keputusan verifikasi disimpan."))
                return redirect("reviews:queue")
    can_decide = Review.objects.decidable_by(request.user).filter(pk=review.pk).exists()
    subject = review.subject
    context = {
        "review": review,
        "subject": subject,
        "subject_template": f"{review.content_type.app_label}/includes/review_subject.html",
        "history": reviews_of(subject).filter(~Q(pk=review.pk)),
        "form": form if can_decide else None,
        "refusal": "" if can_decide else _refusal(review, request.user),
        **subject.review_context(),
    }
    return render(request, "reviews/review_detail.html", context)
