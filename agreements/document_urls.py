"""URLs of an agreement's PDF documents (included by agreements/urls.py)."""

from django.urls import path

from . import document_views, original_views

urlpatterns = [
    path("<int:pk>/naskah/", document_views.document_panel, name="document-panel"),
    path("<int:pk>/naskah/buat/", document_views.document_request, name="document-request"),
    path(
        "<int:pk>/naskah/<int:document_pk>/",
        document_views.document_download,
        name="document-download",
    ),
    path(
        "<int:pk>/naskah-asli/",
        original_views.document_original,
        name="document-original",
    ),
]
