from django.urls import path

from . import autocomplete
from .views import (
    attachments,
    clause_templates,
    clauses,
    documents,
    drafting,
    lifecycle,
    numbering,
    originals,
    regulations,
)

app_name = "agreements"

# The list ("list"), its export ("export") and the page of one agreement ("detail") carry
# monev: the root urls route them to evaluations.agreement_list and
# evaluations.agreement_detail, which subclass views.listing and views.detail.

urlpatterns = [
    path("baru/", drafting.agreement_create, name="create"),
    path("catat/", drafting.agreement_register, name="register"),
    path("pola-nomor/", numbering.numbering_edit, name="numbering"),
    path("cari/", autocomplete.agreement_autocomplete, name="autocomplete"),
    path("peraturan/", regulations.regulation_list, name="regulations"),
    path("peraturan/baru/", regulations.regulation_edit, name="regulation-create"),
    path("peraturan/<int:pk>/", regulations.regulation_edit, name="regulation-edit"),
    path("<int:pk>/dasar-hukum/", regulations.agreement_regulations, name="regulations-pick"),
    path("<int:pk>/ubah/", drafting.agreement_update, name="update"),
    path("<int:pk>/pihak/", drafting.party_add, name="party-add"),
    path("<int:pk>/pihak/<int:party_pk>/hapus/", drafting.party_remove, name="party-remove"),
    path("<int:pk>/ajukan/", lifecycle.agreement_submit, name="submit"),
    path("<int:pk>/batalkan/", lifecycle.agreement_cancel, name="cancel"),
    path("<int:pk>/tandatangani/", lifecycle.agreement_sign, name="sign"),
    path("<int:pk>/akhiri/", lifecycle.agreement_terminate, name="terminate"),
    path("<int:pk>/addendum/", drafting.addendum_create, name="addendum"),
    path("<int:pk>/ubah-pasal-induk/", drafting.addendum_amend, name="addendum-amend"),
    # The clause editor and the clause templates
    path("<int:pk>/pasal/", clauses.clause_list, name="clause-list"),
    path("<int:pk>/pasal/tambah/", clauses.clause_add, name="clause-add"),
    path("<int:pk>/pasal/<int:clause_pk>/ubah/", clauses.clause_edit, name="clause-edit"),
    path("<int:pk>/pasal/<int:clause_pk>/hapus/", clauses.clause_remove, name="clause-remove"),
    path("<int:pk>/pasal/<int:clause_pk>/pindah/", clauses.clause_move, name="clause-move"),
    path("templat-pasal/", clause_templates.clause_template_list, name="clause-templates"),
    path(
        "templat-pasal/<str:kind>/",
        clause_templates.clause_template_edit,
        name="clause-template-edit",
    ),
    # Attachments
    path("<int:pk>/lampiran/", attachments.attachment_add, name="attachment-add"),
    path(
        "<int:pk>/lampiran/<int:attachment_pk>/",
        attachments.attachment_download,
        name="attachment-download",
    ),
    path(
        "<int:pk>/lampiran/<int:attachment_pk>/hapus/",
        attachments.attachment_remove,
        name="attachment-remove",
    ),
    # PDF documents and the parties' originals
    path("<int:pk>/naskah/", documents.document_panel, name="document-panel"),
    path("<int:pk>/naskah/buat/", documents.document_request, name="document-request"),
    path(
        "<int:pk>/naskah/<int:document_pk>/",
        documents.document_download,
        name="document-download",
    ),
    path("<int:pk>/naskah-asli/", originals.document_original, name="document-original"),
]
