"""Export and import URLs, appended to partners/urls.py (app_name "partners", under /mitra/)."""

from django.urls import path

from . import import_views

urlpatterns = [
    path("ekspor/", import_views.partner_export, name="export"),
    path("impor/", import_views.import_upload, name="import"),
    path("impor/templat/", import_views.import_template_download, name="import-template"),
    path("impor/<int:pk>/", import_views.ImportDetailView.as_view(), name="import-detail"),
    path("impor/<int:pk>/progres/", import_views.import_progress, name="import-progress"),
    path("impor/<int:pk>/konfirmasi/", import_views.import_confirm, name="import-confirm"),
]
