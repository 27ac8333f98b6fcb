"""The dashboards as files: every table as Excel, the dashboard as a one-page PDF."""

from decimal import Decimal

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from core.pdf import html_to_pdf
from core.spreadsheets import xlsx_response
from evaluations.selectors import Period
from offices.models import Office

OVERSIGHT_LABELS = {
    "signed": _("Ditandatangani"),
    "signed_in_year": _("Ditandatangani tahun itu"),
    "registered": _("Dicatat tanpa verifikasi"),
    "active": _("Berlaku"),
    "expiring": _("Berakhir ≤ 90 hari"),
    "no_follow_up": _("Tanpa tindak lanjut"),
    "overdue": _("Evaluasi terlambat"),
    "accepted": _("Evaluasi diterima"),
    "average": _("Nilai rata-rata"),
    "returned": _("Pernah dikembalikan"),
    "median_days": _("Median hari verifikasi"),
    "last_report": _("Laporan terakhir"),
    "compliance": _("Skor kepatuhan"),
}


def _filename(kind: str, office: Office, period: Period, extension: str) -> str:
    code = office.letter_code or "RI"
    return f"{kind}-{code}-{period.year}-s{period.semester}.{extension}"


def dashboard_rows(summary: dict) -> list[list]:
    """[section, label, value] for every figure of the dashboard."""
    sections = [
        (_("Status waktu"), summary["statuses"]),
        (_("Jenis"), summary["kinds"]),
        (_("Tahun tanda tangan"), summary["years"]),
        (_("Divisi"), summary["divisi"]),
        (_("Kategori mitra"), summary["categories"]),
        (_("Ruang lingkup"), summary["scopes"]),
        (_("Segera berakhir"), summary["expiring"]),
        (_("Monitoring dan evaluasi"), summary["evaluations"]),
        (_("Rekomendasi evaluasi"), summary["recommendations"]),
    ]
    rows = [[str(_("Ringkasan")), str(summary["signed"].label), summary["signed"].value]]
    rows.append(
        [str(_("Ringkasan")), str(summary["registered"].label), summary["registered"].value]
    )
    rows.append(
        [str(_("Ringkasan")), str(summary["no_follow_up"].label), summary["no_follow_up"].value]
    )
    reviews = summary["reviews"]
    rows.append([str(_("Verifikasi")), str(_("Menunggu verifikasi")), reviews["waiting"]])
    rows.append([str(_("Verifikasi")), str(_("Median umur (hari)")), _cell(reviews["median_days"])])
    for title, figures in sections:
        rows += [[str(title), str(figure.label), figure.value] for figure in figures]
    rows.append(
        [
            str(_("Monitoring dan evaluasi")),
            str(_("Nilai rata-rata (diterima periode ini)")),
            _cell(summary["average_score"]),
        ]
    )
    # The ten nearest ends, as on the page: "end date — title (office; partners)".
    nearest = str(_("10 kerja sama terdekat berakhir"))
    for agreement in summary["expiring_list"]:
        label = f"{agreement.title} ({agreement.office.name}; {agreement.partner_names or '—'})"
        rows.append([nearest, label, agreement.effective_end])
    return rows


def dashboard_xlsx(office: Office, period: Period, summary: dict):
    header = [_("Bagian"), _("Uraian"), _("Jumlah")]
    return xlsx_response(
        _filename("dasbor", office, period, "xlsx"),
        str(_("Dasbor")),
        header,
        dashboard_rows(summary),
    )


def oversight_xlsx(office: Office, period: Period, rows: list):
    header = [_("Kode"), _("Kantor"), *OVERSIGHT_LABELS.values()]
    lines = []
    for row in rows:
        name = row.office.name if row.office else str(_("Rekap"))
        code = row.office.code if row.office else ""
        lines.append([code, name, *(_cell(row.get(key)) for key in OVERSIGHT_LABELS)])
    return xlsx_response(
        _filename("pengawasan", office, period, "xlsx"), str(_("Pengawasan")), header, lines
    )


def _cell(value):
    if hasattr(value, "tzinfo"):  # datetimes: Excel keeps no time zone
        return value.replace(tzinfo=None)
    if isinstance(value, (float, Decimal)):
        return round(float(value), 1)
    return value


def dashboard_pdf(request, office: Office, period: Period, summary: dict, computed_at):
    html = render_to_string(
        "dashboards/dashboard_pdf.html",
        {"office": office, "period": period, "summary": summary, "computed_at": computed_at},
        request=request,
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename("dasbor", office, period, "pdf")}"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
