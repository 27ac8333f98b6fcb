"""Monev pages: an office's evaluations by tab, one evaluation, its draft form and submission.
State changes go through evaluations.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agreements.models import Agreement
from core.activity import activities_for
from core.forms import form_errors
from offices.models import Office, subtree_ids
from reviews.services import reviews_of

from . import services
from .access import can_write, require_write
from .forms import (
    ActivityForm,
    EvaluationForm,
    EvidenceForm,
    PeriodFilterForm,
    ReportPeriodForm,
)
from .instruments import can_manage_instrument
from .models import Evaluation, Report
from .report_figures import subtree_offices
from .selectors import (
    TABS,
    evaluation_page_context,
    evaluations_of,
    last_ended_semester,
    no_follow_up_q,
    office_evaluations,
    office_today,
    period_of,
    tab_counts,
    tab_q,
    with_follow_up_flags,
)

GET_POST = require_http_methods(["GET", "POST"])
PER_PAGE = 25
TAB_LABELS = {
    "overdue": gettext_lazy("Terlambat"),
    "due": gettext_lazy("Jatuh tempo"),
    "submitted": gettext_lazy("Menunggu verifikasi"),
    "accepted": gettext_lazy("Diterima"),
}
# Without ?tab= the page opens on the first of these that holds something: the late work
# first, then what falls due, then what waits for the office above.
OPENING_TABS = ("overdue", "due", "submitted")


def evaluation_or_404(user, pk) -> Evaluation:
    """The evaluation if `user` may see it (its agreement's office is in their scope)."""
    queryset = Evaluation.objects.for_user(user).select_related(
        "agreement__office__parent", "instrument"
    )
    return get_object_or_404(queryset, pk=pk)


def office_or_404(user, pk) -> Office:
    return get_object_or_404(Office.objects.for_user(user).select_related("parent"), pk=pk)


@login_required
@require_GET
def index(request):
    """The monev page of the user's current office; the query (?tab=, the scope) goes along."""
    office = request.office
    if office is None and request.user.is_superuser:
        office = Office.objects.filter(level=Office.Level.NATIONAL).first()
    if office is None:
        raise PermissionDenied
    target = reverse("evaluations:office", args=[office.pk])
    query = request.GET.urlencode()
    return redirect(f"{target}?{query}" if query else target)


def opening_tab(counts: dict[str, int]) -> str:
    """The tab a page without ?tab= opens on: the first of OPENING_TABS holding anything."""
    return next((tab for tab in OPENING_TABS if counts[tab]), OPENING_TABS[0])


def _children_summary(office: Office, today) -> list:
    """Each active office directly below with the overdue / submitted / accepted evaluations
    of its whole subtree (a province row counts its regencies too): the subtree and one
    query grouped by office, folded into the child each office sits under."""
    below = [member for member in subtree_offices(office) if member.pk != office.pk]
    child_of = {m.pk: m.pk if m.parent_id == office.pk else m.parent_id for m in below}
    evaluations = Evaluation.objects.exclude(agreement__office=office)
    if office.level != Office.Level.NATIONAL:
        evaluations = evaluations.filter(agreement__office_id__in=list(child_of))
    tabs = ("overdue", "submitted", "accepted")
    counts: dict[int, dict] = {}
    for row in (
        evaluations.values("agreement__office")
        .order_by()
        .annotate(**{tab: Count("pk", filter=tab_q(tab, today)) for tab in tabs})
    ):
        key = child_of.get(row["agreement__office"])
        if key is None:  # not below this office (cannot happen with a three-level tree)
            continue
        child = counts.setdefault(key, dict.fromkeys(tabs, 0))
        for tab in tabs:
            child[tab] += row[tab]
    children = [m for m in below if m.parent_id == office.pk and m.is_active]
    return [(child, counts.get(child.pk, {})) for child in children]


def _scope(request, office: Office) -> dict:
    """?cakupan=jajaran: the office and every office below it (the dashboards link here so);
    ?tahun=&semester=: only the periods ending in that semester. Bad values are ignored."""
    within = request.GET.get("cakupan") == "jajaran" and office.level != Office.Level.REGENCY
    form = PeriodFilterForm(request.GET)
    period = None
    if {"tahun", "semester"} <= set(request.GET) and form.is_valid():
        period = period_of(form.cleaned_data["tahun"], form.cleaned_data["semester"])
    return {"within": within, "period": period}


def _scope_query(scope: dict) -> str:
    query = {"cakupan": "jajaran"} if scope["within"] else {}
    if scope["period"] is not None:
        query |= {"tahun": scope["period"].year, "semester": scope["period"].semester}
    return urlencode(query)


@login_required
@require_GET
def office_page(request, office_pk):
    """Per office: the evaluations due, overdue, submitted and accepted, the agreements with
    no follow-up, the reports, and the offices below with their counts."""
    office = office_or_404(request.user, office_pk)
    today = office_today(office)
    scope = _scope(request, office)
    counts = tab_counts(evaluations_of(office, **scope), today)
    tab = request.GET.get("tab", "")
    if tab not in TABS:
        tab = opening_tab(counts)
    page = Paginator(office_evaluations(office, tab, today, **scope), PER_PAGE).get_page(
        request.GET.get("page")
    )
    offices = [office.pk]
    if scope["within"]:
        offices = None if office.level == Office.Level.NATIONAL else subtree_ids([office.pk])
    idle = with_follow_up_flags(
        Agreement.objects.filter(no_follow_up_q(today, offices)), today
    ).select_related("office")
    period = last_ended_semester(today)
    context = {
        "office": office,
        "today": today,
        "tab": tab,
        "tabs": [(key, TAB_LABELS[key], counts[key]) for key in TABS],
        "within": scope["within"],
        "filter_period": scope["period"],
        "scope_query": _scope_query(scope),
        "can_manage_instrument": can_manage_instrument(request.user),
        "parent_visible": office.parent_id is not None
        and Office.objects.for_user(request.user).filter(pk=office.parent_id).exists(),
        "page": page,
        "idle": list(idle.order_by("signed_on")[:20]),
        "idle_count": idle.count(),
        "children": []
        if office.level == Office.Level.REGENCY
        else _children_summary(office, today),
        "reports": Report.objects.filter(Q(office=office) | Q(office__parent=office))
        .select_related("office")
        .order_by("-submitted_at")[:20],
        "period_form": ReportPeriodForm(initial={"year": period.year, "semester": period.semester}),
    }
    return render(request, "evaluations/office_evaluations.html", context)


@login_required
@require_GET
def evaluation_detail(request, pk):
    evaluation = evaluation_or_404(request.user, pk)
    writer = can_write(request.user, evaluation)
    reviews = list(reviews_of(evaluation))
    context = evaluation_page_context(evaluation) | {
        "can_write": writer,
        "editable": writer and evaluation.is_editable,
        "checklist": services.submission_checklist(evaluation) if evaluation.is_editable else [],
        "reviews": reviews,
        "last_review": reviews[-1] if reviews else None,
        "timeline": activities_for(evaluation)[:50],
        "activity_form": ActivityForm(),
        "evidence_form": EvidenceForm(),
    }
    return render(request, "evaluations/evaluation_detail.html", context)


def writable_or_403(request, pk) -> Evaluation:
    """The evaluation if the user may see it (else 404) and write it (else 403)."""
    evaluation = evaluation_or_404(request.user, pk)
    require_write(request.user, evaluation)
    return evaluation


@login_required
@GET_POST
def evaluation_edit(request, pk):
    """The draft form: status, narrative, scores with reasons and the recommendation."""
    evaluation = writable_or_403(request, pk)
    if not evaluation.is_editable:
        messages.error(request, _("Evaluasi yang sudah diajukan tidak dapat diubah."))
        return redirect(evaluation)
    criteria = list(evaluation.instrument.criteria.all())
    form = EvaluationForm(request.POST or None, evaluation=evaluation, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_update(
                user=request.user, evaluation=evaluation, **form.service_kwargs()
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Draf evaluasi disimpan."))
            return redirect(evaluation)
    return render(
        request, "evaluations/evaluation_form.html", {"evaluation": evaluation, "form": form}
    )


@login_required
@require_POST
def evaluation_submit(request, pk):
    evaluation = writable_or_403(request, pk)
    try:
        evaluation = services.evaluation_submit(user=request.user, evaluation=evaluation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if evaluation.state == Evaluation.State.ACCEPTED:
            messages.success(request, _("Evaluasi diterima."))
        else:
            messages.success(request, _("Evaluasi diajukan untuk verifikasi."))
    return redirect(evaluation)
