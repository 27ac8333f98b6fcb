"""Clause editor and clause-template URLs, included into agreements/urls.py (app "agreements")."""

from django.urls import path

from . import clause_views

urlpatterns = [
    path("<int:pk>/pasal/", clause_views.clause_list, name="clause-list"),
    path("<int:pk>/pasal/tambah/", clause_views.clause_add, name="clause-add"),
    path("<int:pk>/pasal/<int:clause_pk>/ubah/", clause_views.clause_edit, name="clause-edit"),
    path("<int:pk>/pasal/<int:clause_pk>/hapus/", clause_views.clause_remove, name="clause-remove"),
    path("<int:pk>/pasal/<int:clause_pk>/pindah/", clause_views.clause_move, name="clause-move"),
    path("templat-pasal/", clause_views.clause_template_list, name="clause-templates"),
    path(
        "templat-pasal/<str:kind>/",
        clause_views.clause_template_edit,
        name="clause-template-edit",
    ),
]
