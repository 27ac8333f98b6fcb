"""The agreement list (filters, table) and its Excel export, both scoped to the user."""

from collections.abc import Iterable, Iterator

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin

from core.pagination import CappedPaginator
from core.spreadsheets import xlsx_response

from ..access import can_write_for
from ..filters import AgreementFilter
from ..models import Agreement, Scope
from ..party_names import partner_names
from ..selectors import agreement_list_for_user
from ..tables import AgreementTable

EXPORT_CHUNK = 1000
SCOPE_LABELS = dict(Scope.choices)


class AgreementListView(LoginRequiredMixin, SingleTableMixin, FilterView):
    table_class = AgreementTable
    filterset_class = AgreementFilter
    # Only the table paginates: a `paginate_by` would make the ListView count rows a second time.
    table_pagination = {"per_page": 25, "paginator_class": CappedPaginator}
    template_name = "agreements/agreement_list.html"

    def get_queryset(self):
        return agreement_list_for_user(self.request.user)

    def get_context_data(self, **kwargs):
        # The active filters' chips come from the template ({% filter_chips filter %}).
        context = super().get_context_data(**kwargs)
        context |= {
            "can_create": can_write_for(self.request.user, self.request.office),
            "query_string": self.request.GET.urlencode(),
        }
        return context


EXPORT_HEADER = [
    gettext_lazy("Nomor KPU"),
    gettext_lazy("Nomor Mitra"),
    gettext_lazy("Jenis"),
    gettext_lazy("Tentang"),
    gettext_lazy("Mitra"),
    gettext_lazy("Kantor"),
    gettext_lazy("Status"),
    gettext_lazy("Status Waktu"),
    gettext_lazy("Mulai"),
    gettext_lazy("Berakhir"),
    gettext_lazy("Berakhir Efektif"),
    gettext_lazy("Ruang Lingkup"),
    gettext_lazy("Divisi"),
    gettext_lazy("Tanggal Tanda Tangan"),
    gettext_lazy("Dicatat Tanpa Verifikasi"),
]


def export_rows(agreements: Iterable[Agreement]) -> Iterator[list]:
    """One spreadsheet row per agreement, in EXPORT_HEADER's order (cells made safe later)."""
    for agreement in agreements:
        status = agreement.time_status
        yield [
            agreement.kpu_number,
            agreement.partner_number,
            agreement.get_kind_display(),
            agreement.title,
            partner_names(agreement),
            agreement.office.name,
            agreement.get_state_display(),
            str(Agreement.TimeStatus(status).label) if status else "",
            agreement.start_date,
            agreement.end_date,
            agreement.effective_end,
            ", ".join(str(SCOPE_LABELS.get(value, value)) for value in agreement.scope),
            agreement.get_divisi_display(),
            agreement.signed_on,
            _("Ya") if agreement.registered_without_review else _("Tidak"),
        ]


def _filtered(request, filterset_class: type[AgreementFilter]) -> QuerySet:
    """The list's rows for this query string, in the order the table shows them."""
    filterset = filterset_class(
        request.GET, queryset=agreement_list_for_user(request.user), request=request
    )
    if not filterset.is_valid():
        return filterset.queryset.none()
    table = AgreementTable(filterset.qs)
    RequestConfig(request, paginate=False).configure(table)
    return table.data.data


def export_response(request, filterset_class: type[AgreementFilter] = AgreementFilter):
    """The list filtered by `filterset_class` as xlsx; prefetching per chunk keeps the query
    count constant. (Routed through evaluations.agreement_list, whose filter adds one.)"""
    rows = export_rows(_filtered(request, filterset_class).iterator(chunk_size=EXPORT_CHUNK))
    filename = f"kerja-sama-{timezone.localdate():%Y%m%d}.xlsx"
    return xlsx_response(filename, _("Kerja sama"), EXPORT_HEADER, rows)
