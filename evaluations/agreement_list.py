"""The agreement list and its export as users see them: agreements' filters and table, with
the monev "tanpa tindak lanjut" filter and column added by subclassing (the definition is
evaluations.selectors'). Agreements cannot import this app, so the root urls route the
list's path and name (`agreements:list`, `agreements:export`) here."""

import django_filters
import django_tables2 as tables
from django import forms
from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from agreements import filters as agreement_filters
from agreements import tables as agreement_tables
from agreements.views import listing

from .selectors import no_follow_up_q, with_follow_up_flags


class AgreementFilter(agreement_filters.AgreementFilter):
    no_follow_up = django_filters.BooleanFilter(
        label=gettext_lazy("Hanya yang tanpa tindak lanjut"),
        method="without_follow_up",
        widget=forms.CheckboxInput,
    )

    class Meta(agreement_filters.AgreementFilter.Meta):
        fields = [*agreement_filters.AgreementFilter.Meta.fields, "no_follow_up"]

    def without_follow_up(self, queryset, name, value):
        # Set-based (two id sets PostgreSQL hashes once), not the per-row flag: this filters
        # up to 100,000 agreements.
        return queryset.filter(no_follow_up_q(self.today)) if value else queryset


class AgreementTable(agreement_tables.AgreementTable):
    optional_columns = (*agreement_tables.AgreementTable.optional_columns, "follow_up")
    follow_up = tables.Column(
        verbose_name=gettext_lazy("Tindak lanjut"), accessor="pk", orderable=False, default=""
    )

    class Meta(agreement_tables.AgreementTable.Meta):
        fields = [*agreement_tables.AgreementTable.Meta.fields, "follow_up"]

    def render_follow_up(self, record):
        if not record.no_follow_up:
            return ""
        label = _("Tanpa tindak lanjut")
        return format_html('<span class="badge text-bg-danger">{}</span>', label)


class AgreementListView(listing.AgreementListView):
    filterset_class = AgreementFilter
    table_class = AgreementTable
    template_name = "evaluations/agreement_list.html"

    def get_queryset(self):
        # The flags per row of the page shown (the filter above selects set-based).
        return with_follow_up_flags(super().get_queryset(), timezone.localdate())


@login_required
@require_GET
def agreement_export(request):
    """The filtered list as xlsx (the "tanpa tindak lanjut" filter included)."""
    return listing.export_response(request, AgreementFilter)
