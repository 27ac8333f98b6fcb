"""The agreement page's reads and context: the agreement and everything its page shows, in
two queries whatever the number of clauses, attachments, PDF versions, reviews or timeline
entries.

Each list rides along in the agreement's own query as a PostgreSQL array of JSON rows
(ArraySubquery of JSONObject) and comes back here as display-only model instances, so the
templates keep using `get_…_display`, `get_absolute_url` and properties. The parties of the
agreement and of its parent (which the clauses cite) are the second query. An agreement
outside the user's scope finds no row: 404, and none of its lists is read.
"""

from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Model, OuterRef, Prefetch, QuerySet, prefetch_related_objects
from django.db.models.functions import JSONObject
from django.shortcuts import get_object_or_404

from core.activity import activities_for
from core.models import ActivityLog
from reviews.models import Review
from reviews.services import reviews_of

from .access import can_write
from .checklist import agreement_checklist, checklist_passes
from .clauses import clause_context
from .documents import PANEL_ROWS, document_panel_context
from .models import (
    Agreement,
    AgreementDocument,
    Attachment,
    Clause,
    ClauseTemplateItem,
    Party,
    Scope,
)
from .selectors import with_time_status


@dataclass
class AgreementPage:
    """What the detail page shows of one agreement, read once."""

    agreement: Agreement
    parties: list[Party]
    clauses: list[Clause]
    required: list[tuple[str, str]]  # the template's required Pasal: (key, heading)
    attachments: list[Attachment]
    documents: list[AgreementDocument]
    children: list[Agreement]
    reviews: list[Review]
    activities: list[ActivityLog]


def _rows(queryset: QuerySet, **fields) -> ArraySubquery:
    """`queryset` as one array column of JSON objects holding `fields` (name → expression)."""
    return ArraySubquery(queryset.values(row=JSONObject(**fields)))


def _build(model: type[Model], row: dict) -> Model:
    """A display-only instance of `model` from a JSON row; a nested object (with an `id`) is
    the related row of that foreign key, a nested object without one is None."""
    values = {}
    for name, value in row.items():
        field = model._meta.get_field(name)
        if field.is_relation:
            has_row = isinstance(value, dict) and value.get("id") is not None
            values[name] = _build(field.related_model, value) if has_row else None
        else:
            values[name] = field.to_python(value)
    return model(**values)


def _built(model: type[Model], rows: list | None) -> list:
    return [_build(model, row) for row in rows or []]


def _list_columns(pk: int) -> dict:
    subject = Agreement(pk=pk)
    documents = AgreementDocument.objects.filter(agreement=pk)
    return {
        "clause_rows": _rows(
            Clause.objects.filter(agreement=pk).order_by("position", "pk"),
            id="pk",
            position="position",
            key="key",
            heading="heading",
            body="body",
        ),
        "required_rows": _rows(
            ClauseTemplateItem.objects.filter(
                template=OuterRef("template_id"), required=True
            ).order_by("position"),
            key="key",
            heading="heading",
        ),
        "attachment_rows": _rows(
            Attachment.objects.filter(agreement=pk).order_by("created_at", "pk"),
            id="pk",
            original_name="original_name",
            kind="kind",
            size="size",
        ),
        "document_rows": _rows(
            documents.order_by("-is_final", "-version")[:PANEL_ROWS],
            id="pk",
            agreement_id="agreement_id",
            version="version",
            is_final="is_final",
            status="status",
            error="error",
            finished_at="finished_at",
        ),
        "child_rows": _rows(
            Agreement.objects.filter(parent=pk)
            .exclude(state=Agreement.State.CANCELLED)
            .order_by("-created_at"),
            id="pk",
            kind="kind",
            kpu_number="kpu_number",
            title="title",
            state="state",
        ),
        "review_rows": _rows(
            reviews_of(subject),
            id="pk",
            round="round",
            step="step",
            decision="decision",
            decided_at="decided_at",
            notes="notes",
            office=JSONObject(id="office_id", name="office__name"),
        ),
        "activity_rows": _rows(
            activities_for(subject),
            id="pk",
            created_at="created_at",
            message="message",
            actor=JSONObject(
                id="actor_id",
                username="actor__username",
                first_name="actor__first_name",
                last_name="actor__last_name",
            ),
        ),
    }


def agreement_page(user, pk: int) -> AgreementPage:
    """The agreement `pk` as `user` may see it (404 otherwise) with its page's lists."""
    queryset = with_time_status(
        Agreement.objects.for_user(user)
        .filter(pk=pk)
        .select_related("office__parent", "parent__office", "renews")
        .annotate(**_list_columns(pk))
    )
    agreement = get_object_or_404(queryset)
    cited = [agreement] + ([agreement.parent] if agreement.parent else [])
    parties = Party.objects.select_related("partner").order_by("position")
    prefetch_related_objects(cited, Prefetch("parties", queryset=parties))
    return AgreementPage(
        agreement=agreement,
        parties=list(agreement.parties.all()),
        clauses=_built(Clause, agreement.clause_rows),
        required=[(row["key"], row["heading"]) for row in agreement.required_rows or []],
        attachments=_built(Attachment, agreement.attachment_rows),
        documents=_built(AgreementDocument, agreement.document_rows),
        children=_built(Agreement, agreement.child_rows),
        reviews=_built(Review, agreement.review_rows),
        activities=_built(ActivityLog, agreement.activity_rows),
    )


def page_context(page: AgreementPage, user) -> dict:
    """The template context of the page from what `agreement_page` read: the clauses, the
    PDF panel, the checklist of an editable draft (computed once for both) and the lists."""
    agreement = page.agreement
    checklist = []
    if agreement.is_editable:
        checklist = agreement_checklist(
            agreement,
            parties=page.parties,
            clause_keys={clause.key for clause in page.clauses},
            required=page.required,
            clauses=page.clauses,
        )
    required_keys = {key for key, _heading in page.required}
    return (
        clause_context(agreement, user, clauses=page.clauses, required_keys=required_keys)
        | document_panel_context(agreement, user, documents=page.documents, checklist=checklist)
        | {
            "parties": page.parties,
            "attachments": page.attachments,
            "children": page.children,
            "activities": page.activities,
            "reviews": page.reviews,
            "last_review": page.reviews[-1] if page.reviews else None,
            "checklist": checklist,
            "checklist_ok": checklist_passes(checklist),
            "can_write": can_write(user, agreement),
            "time_statuses": Agreement.TimeStatus.choices,
            "scope_labels": [Scope(value).label for value in agreement.scope],
        }
    )
