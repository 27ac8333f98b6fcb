"""The agreement list table. Rows come from `selectors.agreement_list_for_user`
(parties prefetched, time status annotated), so rendering a page adds no queries."""

import django_tables2 as tables
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.tables import ColumnChoiceMixin, stacked_attrs

from .models import Agreement
from .party_names import partner_names

DATE_FORMAT = "j M Y"
STATE_BADGES = {
    Agreement.State.DRAFT: "text-bg-secondary",
    Agreement.State.SUBMITTED: "text-bg-info",
    Agreement.State.RETURNED: "text-bg-warning",
    Agreement.State.CLEARED: "text-bg-primary",
    Agreement.State.SIGNED: "text-bg-success",
    Agreement.State.TERMINATED: "text-bg-dark",
    Agreement.State.CANCELLED: "text-bg-light",
}
TIME_STATUS_BADGES = {
    Agreement.TimeStatus.UPCOMING: "text-bg-info",
    Agreement.TimeStatus.ACTIVE: "text-bg-success",
    Agreement.TimeStatus.EXPIRING: "text-bg-warning",
    Agreement.TimeStatus.EXPIRED: "text-bg-danger",
    Agreement.TimeStatus.RENEWED: "text-bg-primary",
}


def _badge(css: str, label) -> str:
    return format_html('<span class="badge {}">{}</span>', css, label)


def _date(value) -> str:
    return date_format(value, DATE_FORMAT) if value else "—"


def _clamped(text: str, url: str = "") -> str:
    """At most two lines of `text` (CSS line-clamp), the whole of it in the tooltip."""
    if url:
        return format_html('<a class="text-clamp-2" href="{}" title="{}">{}</a>', url, text, text)
    return format_html('<span class="text-clamp-2" title="{}">{}</span>', text, text)


class AgreementTable(ColumnChoiceMixin, tables.Table):
    """The list at /kerja-sama/: fits 1366 px (titles in two lines, the term hidden until a
    user shows it); under 576 px each row is a card."""

    list_name = "agreements"
    optional_columns = (
        "kind",
        "partners",
        "office",
        "time_status",
        "term",
        "effective_end",
    )
    hidden_by_default = ("term",)

    number = tables.Column(
        verbose_name=_("Nomor"), accessor="kpu_number", order_by=("kpu_number",), default="—"
    )
    kind = tables.Column(verbose_name=_("Jenis"))
    title = tables.Column(
        verbose_name=_("Tentang"), attrs={"td": {"class": "col-title", "data-label": _("Tentang")}}
    )
    partners = tables.Column(
        verbose_name=_("Mitra"),
        accessor="pk",
        orderable=False,
        attrs={"td": {"class": "col-partners", "data-label": _("Mitra")}},
    )
    office = tables.Column(verbose_name=_("Kantor"), order_by=("office__code",))
    state = tables.Column(verbose_name=_("Status"))
    time_status = tables.Column(verbose_name=_("Status waktu"), default="")
    term = tables.Column(verbose_name=_("Jangka waktu"), accessor="pk", order_by=("start_date",))
    effective_end = tables.Column(verbose_name=_("Berakhir efektif"), default="—")

    class Meta:
        model = Agreement
        fields = [
            "number",
            "kind",
            "title",
            "partners",
            "office",
            "state",
            "time_status",
            "term",
            "effective_end",
        ]
        attrs = stacked_attrs("table table-sm table-hover align-middle agreement-table")
        empty_text = _("Tidak ada kerja sama yang cocok dengan pencarian.")

    def render_kind(self, record):
        return record.get_kind_display()

    def render_title(self, record):
        return _clamped(record.title, record.get_absolute_url())

    def render_partners(self, record):
        names = partner_names(record)
        return _clamped(names) if names else "—"

    def render_state(self, record):
        return _badge(
            STATE_BADGES.get(record.state, "text-bg-secondary"), record.get_state_display()
        )

    def render_time_status(self, value):
        status = Agreement.TimeStatus(value)
        return _badge(TIME_STATUS_BADGES[status], status.label)

    def render_term(self, record):
        if not record.start_date and not record.end_date:
            return "—"
        return f"{_date(record.start_date)} – {_date(record.end_date)}"

    def render_effective_end(self, value):
        return _date(value)
