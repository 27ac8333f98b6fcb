"""Text that reaches the PDF is capped (a 1 MB clause once kept a worker rendering for 74 s),
and a render is bounded by a Celery time limit that ends in FAILED with a clear reason."""

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import ValidationError

from agreements import documents, services
from agreements.forms import ClauseForm, TemplateItemForm
from agreements.models import CLAUSE_MAX_CHARS, PREAMBLE_MAX_CHARS, AgreementDocument
from agreements.tasks import render_agreement_document

pytestmark = pytest.mark.django_db


def test_clause_body_is_capped_at_20_000_characters(nk_draft):
    clause = nk_draft.clauses.first()
    clause.body = "x" * CLAUSE_MAX_CHARS
    clause.full_clean()
    clause.body += "x"
    with pytest.raises(ValidationError) as refused:
        clause.full_clean()
    assert refused.value.message_dict["body"] == [
        "Teks ini paling banyak 20000 karakter (sekarang 20001)."
    ]


@pytest.mark.parametrize("form_class", [ClauseForm, TemplateItemForm])
def test_clause_forms_refuse_a_longer_body(form_class):
    form = form_class(data={"heading": "Ruang Lingkup", "body": "x" * (CLAUSE_MAX_CHARS + 1)})
    assert not form.is_valid()
    assert "body" in form.errors
    assert 'maxlength="20000"' in str(form["body"])


@pytest.mark.parametrize("field", ["considerations", "legal_basis"])
def test_considerations_and_legal_basis_are_capped_at_10_000(nk_draft, operator, field):
    with pytest.raises(ValidationError) as refused:
        services.agreement_update(
            user=operator,
            agreement=nk_draft,
            lock_version=nk_draft.lock_version,
            **{field: "bahwa " + "x" * PREAMBLE_MAX_CHARS},
        )
    assert "paling banyak 10000 karakter" in refused.value.message_dict[field][0]


def test_render_task_has_a_time_limit():
    assert render_agreement_document.soft_time_limit == documents.RENDER_TIME_LIMIT == 120
    assert render_agreement_document.time_limit == 150


def test_render_over_the_time_limit_fails_with_the_reason(nk_draft, operator, monkeypatch):
    def too_slow(html, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(documents, "html_to_pdf", too_slow)
    document = documents.document_request(agreement=nk_draft, user=operator)
    rendered = documents.document_render(document_id=document.pk)
    assert rendered.status == AgreementDocument.Status.FAILED
    assert rendered.error == (
        "Pembuatan naskah dihentikan karena melebihi 120 detik. Persingkat isi pasal atau "
        "pertimbangan, lalu buat ulang naskahnya."
    )
    assert not rendered.file
