from django.urls import path

from . import autocomplete
from .views import detail, editing, imports, listing, merging

app_name = "partners"

# The page of one partner ("detail") lists the agreements naming it: the root urls route it
# to agreements.partner_detail, which subclasses views.detail.PartnerDetailView.

urlpatterns = [
    path("", listing.PartnerListView.as_view(), name="list"),
    path("baru/", editing.partner_create, name="create"),
    path("duplikat/", editing.partner_duplicates, name="duplicates"),
    path("kabupaten-kota/", editing.regency_options, name="regency-options"),
    path("cari/", autocomplete.partner_autocomplete, name="autocomplete"),
    path("<int:pk>/ubah/", editing.partner_update, name="update"),
    path("<int:pk>/narahubung/", editing.contact_add, name="contact-add"),
    path(
        "<int:pk>/narahubung/<int:contact_pk>/hapus/",
        editing.contact_remove,
        name="contact-remove",
    ),
    path("<int:pk>/gabung/", merging.partner_merge, name="merge"),
    path("<int:pk>/gabung/<int:log_pk>/batal/", merging.partner_unmerge, name="unmerge"),
    path("<int:pk>/pernyataan/", detail.statement_download, name="statement"),
    path("ekspor/", listing.partner_export, name="export"),
    # Import from Excel
    path("impor/", imports.import_upload, name="import"),
    path("impor/templat/", imports.import_template_download, name="import-template"),
    path("impor/<int:pk>/", imports.ImportDetailView.as_view(), name="import-detail"),
    path("impor/<int:pk>/progres/", imports.import_progress, name="import-progress"),
    path("impor/<int:pk>/konfirmasi/", imports.import_confirm, name="import-confirm"),
]
