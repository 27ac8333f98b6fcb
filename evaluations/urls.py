from django.urls import path

from . import activity_views, render_views, report_views, views

app_name = "evaluations"

REPORT = "laporan/<int:office_pk>/<int:year>/<int:semester>"

urlpatterns = [
    path("", views.index, name="index"),
    path("kantor/<int:office_pk>/", views.office_page, name="office"),
    path("<int:pk>/", views.evaluation_detail, name="detail"),
    path("<int:pk>/ubah/", views.evaluation_edit, name="edit"),
    path("<int:pk>/ajukan/", views.evaluation_submit, name="submit"),
    path("<int:pk>/kegiatan/tambah/", activity_views.activity_add, name="activity-add"),
    path(
        "<int:pk>/kegiatan/<int:activity_pk>/ubah/",
        activity_views.activity_edit,
        name="activity-edit",
    ),
    path(
        "<int:pk>/kegiatan/<int:activity_pk>/hapus/",
        activity_views.activity_remove,
        name="activity-remove",
    ),
    path(
        "<int:pk>/kegiatan/<int:activity_pk>/bukti/",
        activity_views.evidence_add,
        name="evidence-add",
    ),
    path(
        "<int:pk>/bukti/<int:evidence_pk>/",
        activity_views.evidence_download,
        name="evidence-download",
    ),
    path(
        "<int:pk>/bukti/<int:evidence_pk>/hapus/",
        activity_views.evidence_remove,
        name="evidence-remove",
    ),
    path("instrumen/", report_views.instrument_edit, name="instrument"),
    path("laporan/<int:office_pk>/", report_views.report_page, name="report"),
    path(f"{REPORT}/pdf/", report_views.report_pdf, name="report-pdf"),
    path(f"{REPORT}/xlsx/", report_views.report_xlsx, name="report-xlsx"),
    path(f"{REPORT}/kirim/", report_views.report_submit, name="report-submit"),
    path(f"{REPORT}/pdf/buat/", render_views.render_request, name="report-render"),
    path("laporan/pdf/<int:pk>/", render_views.render_file, name="report-render-file"),
    path("laporan/pdf/<int:pk>/status/", render_views.render_status, name="report-render-status"),
    path("laporan/terkirim/<int:pk>/", report_views.report_file, name="report-file"),
    path("laporan/terkirim/<int:pk>/status/", report_views.report_status, name="report-status"),
]
