"""The partner registry list and its export (xlsx or CSV), both scoped to the user."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from core.spreadsheets import csv_response, xlsx_response

from ..access import can_register
from ..exports import EXPORT_HEADER, export_filename, export_queryset, export_rows
from ..filters import PartnerFilter
from ..models import Partner
from ..tables import PartnerTable


class PartnerListView(LoginRequiredMixin, SingleTableMixin, FilterView):
    """The registry, filtered and paginated by the table only: the view does not paginate
    the same rows again, so the list is counted once (one COUNT per page)."""

    table_class = PartnerTable
    filterset_class = PartnerFilter
    table_pagination = {"per_page": 50}
    template_name = "partners/partner_list.html"

    def get_queryset(self):
        return Partner.objects.for_user(self.request.user).select_related(
            "province", "regency", "registered_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        table = context["table"]
        context["paginator"], context["page_obj"] = table.paginator, table.page
        context["can_register"] = can_register(self.request.user, self.request.office)
        context["query_string"] = self.request.GET.urlencode()
        return context


@require_GET
@login_required
def partner_export(request):
    """The partner list as filtered on the list page, as xlsx (default) or CSV."""
    filterset = PartnerFilter(request.GET, queryset=Partner.objects.for_user(request.user))
    # As the list page (FilterView, strict): an invalid filter shows nothing, not everything.
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    rows = export_rows(export_queryset(queryset))
    header = [str(text) for text in EXPORT_HEADER]
    if request.GET.get("format") == "csv":
        return csv_response(export_filename("csv"), header, rows)
    return xlsx_response(export_filename("xlsx"), _("Mitra"), header, rows)
