"""The dashboard of one office as the page shows it: each figure with its label and the link
to the list that holds exactly those rows (same filters, same office subtree)."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agreements.models import Divisi, Kind, Scope
from evaluations.models import Recommendation
from evaluations.selectors import Period
from offices.models import Office
from partners.models import Partner

from . import selectors
from .selectors import STATUS_ORDER, Subtree, TimeStatus


@dataclass(frozen=True)
class Figure:
    """A number on the dashboard and where it leads."""

    label: str
    value: int
    url: str = ""


def agreements_url(office: Office, **filters) -> str:
    """The agreement list of `office` and every office below it, with `filters`."""
    query = {"within": office.pk} | {key: value for key, value in filters.items() if value}
    return f"{reverse('agreements:list')}?{urlencode(query)}"


def monev_url(office: Office, tab: str, period: Period | None = None) -> str:
    """The monev page of `office` and every office below it, on one tab."""
    query = {"tab": tab, "cakupan": "jajaran"}
    if period is not None:
        query |= {"tahun": period.year, "semester": period.semester}
    return f"{reverse('evaluations:office', args=[office.pk])}?{urlencode(query)}"


def reviews_url(office: Office) -> str:
    return f"{reverse('reviews:queue')}?{urlencode({'kantor': office.pk})}"


def _figures(counts: dict, prefix: str, choices, office: Office, **link) -> list[Figure]:
    """One figure per choice, linked to the signed agreements with that value."""
    field = link.pop("field")
    return [
        Figure(label, counts[f"{prefix}{value}"], agreements_url(office, **{field: value} | link))
        for value, label in choices
    ]


def dashboard_summary(tree: Subtree, today: datetime.date, period: Period) -> dict:
    """Everything the dashboard shows, computed in eight queries."""
    office = tree.office
    counts = selectors.agreement_figures(tree, today, period)
    categories = selectors.partner_category_figures(tree)
    evaluations = selectors.evaluation_figures(tree, today, period)
    signed = {"signed": "on"}
    status_labels = dict(TimeStatus.choices)
    statuses = [
        Figure(
            status_labels[status],
            counts[f"status_{status}"],
            agreements_url(office, state="SIGNED", time_status=status),
        )
        for status in STATUS_ORDER
    ]
    statuses.append(
        Figure(_("Diakhiri"), counts["terminated"], agreements_url(office, state="TERMINATED"))
    )
    years = [
        Figure(
            str(year), counts[f"year_{year}"], agreements_url(office, signed_year=year, **signed)
        )
        for year in selectors.signing_years(today)
    ]
    return {
        "signed": Figure(
            _("Kerja sama ditandatangani"), counts["signed"], agreements_url(office, **signed)
        ),
        "registered": Figure(
            _("Dicatat tanpa verifikasi"),
            counts["registered"],
            agreements_url(office, registered="on", **signed),
        ),
        "statuses": statuses,
        "kinds": _figures(counts, "kind_", Kind.choices, office, field="kind", **signed),
        "divisi": _figures(counts, "divisi_", Divisi.choices, office, field="divisi", **signed),
        "scopes": _figures(counts, "scope_", Scope.choices, office, field="scope", **signed),
        "categories": [
            Figure(
                label, categories[value], agreements_url(office, partner_category=value, **signed)
            )
            for value, label in Partner.Category.choices
        ],
        "years": years,
        "expiring": [
            Figure(
                _("Berakhir dalam %(days)s hari") % {"days": days},
                counts[f"days_{days}"],
                agreements_url(office, expiring_within=days),
            )
            for days in selectors.EXPIRING_WINDOWS
        ],
        "expiring_list": selectors.expiring_soon(tree, today),
        "evaluations": [
            Figure(_("Jatuh tempo"), evaluations["due"], monev_url(office, "due")),
            Figure(_("Terlambat"), evaluations["overdue"], monev_url(office, "overdue")),
            Figure(
                _("Menunggu verifikasi"), evaluations["submitted"], monev_url(office, "submitted")
            ),
            Figure(
                _("Diterima periode ini"),
                evaluations["accepted"],
                monev_url(office, "accepted", period),
            ),
        ],
        "average_score": evaluations["average"],
        "recommendations": [
            Figure(label, evaluations[f"recommendation_{value}"], "")
            for value, label in Recommendation.choices
        ],
        "no_follow_up": Figure(
            _("Tanpa tindak lanjut"),
            selectors.no_follow_up_count(tree, today),
            agreements_url(office, no_follow_up="on"),
        ),
        "reviews": selectors.review_figures(tree),
        "reviews_url": reviews_url(office),
    }


# id, heading, the summary's figures, chart type: the dashboard's charts in page order.
CHARTS = [
    ("status", _("Kerja sama ditandatangani menurut status waktu"), "statuses", "doughnut"),
    ("years", _("Ditandatangani per tahun"), "years", "bar"),
    ("kind", _("Menurut jenis"), "kinds", "bar"),
    ("divisi", _("Menurut divisi"), "divisi", "bar"),
    ("category", _("Menurut kategori mitra"), "categories", "bar"),
    ("scope", _("Menurut ruang lingkup"), "scopes", "bar"),
]


def charts(summary: dict) -> list[dict]:
    """Each chart with its table's figures and the data it draws (for `json_script`)."""
    return [
        {
            "id": chart_id,
            "heading": heading,
            "figures": summary[key],
            "data": {
                "type": kind,
                "labels": [str(figure.label) for figure in summary[key]],
                "values": [figure.value for figure in summary[key]],
            },
        }
        for chart_id, heading, key, kind in CHARTS
    ]
