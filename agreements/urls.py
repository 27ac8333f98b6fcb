from django.urls import path

from . import autocomplete, numbering_views, regulation_views, views
from .attachment_urls import urlpatterns as attachment_urlpatterns
from .clause_urls import urlpatterns as clause_urlpatterns
from .document_urls import urlpatterns as document_urlpatterns

app_name = "agreements"

urlpatterns = [
    path("baru/", views.agreement_create, name="create"),
    path("catat/", views.agreement_register, name="register"),
    path("pola-nomor/", numbering_views.numbering_edit, name="numbering"),
    path("cari/", autocomplete.agreement_autocomplete, name="autocomplete"),
    path("peraturan/", regulation_views.regulation_list, name="regulations"),
    path("peraturan/baru/", regulation_views.regulation_edit, name="regulation-create"),
    path("peraturan/<int:pk>/", regulation_views.regulation_edit, name="regulation-edit"),
    path("<int:pk>/dasar-hukum/", regulation_views.agreement_regulations, name="regulations-pick"),
    path("<int:pk>/", views.AgreementDetailView.as_view(), name="detail"),
    path("<int:pk>/ubah/", views.agreement_update, name="update"),
    path("<int:pk>/pihak/", views.party_add, name="party-add"),
    path("<int:pk>/pihak/<int:party_pk>/hapus/", views.party_remove, name="party-remove"),
    path("<int:pk>/ajukan/", views.agreement_submit, name="submit"),
    path("<int:pk>/batalkan/", views.agreement_cancel, name="cancel"),
    path("<int:pk>/tandatangani/", views.agreement_sign, name="sign"),
    path("<int:pk>/akhiri/", views.agreement_terminate, name="terminate"),
    path("<int:pk>/addendum/", views.addendum_create, name="addendum"),
    path("<int:pk>/ubah-pasal-induk/", views.addendum_amend, name="addendum-amend"),
    *clause_urlpatterns,
    *attachment_urlpatterns,
    *document_urlpatterns,
]
