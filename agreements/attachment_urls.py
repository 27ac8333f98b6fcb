"""URLs of the agreement list, its export and attachments (included by agreements/urls.py)."""

from django.urls import path

from . import attachment_views, list_views

urlpatterns = [
    path("", list_views.AgreementListView.as_view(), name="list"),
    path("ekspor/", list_views.agreement_export, name="export"),
    path("<int:pk>/lampiran/", attachment_views.attachment_add, name="attachment-add"),
    path(
        "<int:pk>/lampiran/<int:attachment_pk>/",
        attachment_views.attachment_download,
        name="attachment-download",
    ),
    path(
        "<int:pk>/lampiran/<int:attachment_pk>/hapus/",
        attachment_views.attachment_remove,
        name="attachment-remove",
    ),
]
