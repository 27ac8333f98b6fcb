from django.urls import path

from . import autocomplete, views
from .import_urls import urlpatterns as import_urlpatterns

app_name = "partners"

urlpatterns = [
    path("", views.PartnerListView.as_view(), name="list"),
    path("baru/", views.partner_create, name="create"),
    path("duplikat/", views.partner_duplicates, name="duplicates"),
    path("cari/", autocomplete.partner_autocomplete, name="autocomplete"),
    path("<int:pk>/", views.PartnerDetailView.as_view(), name="detail"),
    path("<int:pk>/ubah/", views.partner_update, name="update"),
    path("<int:pk>/narahubung/", views.contact_add, name="contact-add"),
    path(
        "<int:pk>/narahubung/<int:contact_pk>/hapus/",
        views.contact_remove,
        name="contact-remove",
    ),
    path("<int:pk>/gabung/", views.partner_merge, name="merge"),
    path("<int:pk>/gabung/<int:log_pk>/batal/", views.partner_unmerge, name="unmerge"),
    path("<int:pk>/pernyataan/", views.statement_download, name="statement"),
    *import_urlpatterns,
]
