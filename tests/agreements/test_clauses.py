"""The htmx clause editor: listing, adding, editing, removing and moving the Pasal of a draft,
who may do which, and the clause context of the agreement page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import clauses
from agreements.models import Agreement, Clause
from core.models import ActivityLog
from tests.agreements.clause_drafts import headings, with_partner

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def draft(ponorogo, operator, umpo) -> Agreement:
    return with_partner(ponorogo, operator, umpo)


def _positions(agreement: Agreement) -> list[int]:
    return list(agreement.clauses.order_by("position").values_list("position", flat=True))


def _url(name: str, agreement: Agreement, clause: Clause | None = None) -> str:
    args = [agreement.pk] if clause is None else [agreement.pk, clause.pk]
    return reverse(f"agreements:{name}", args=args)


def test_clause_list_partial_escapes_html(login, operator, draft):
    draft.clauses.filter(position=1).update(body="<script>alert(1)</script> {jangka_waktu}")
    response = login(operator).get(_url("clause-list", draft), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "HX-Request" in response["Vary"]
    assert html.lstrip().startswith('<div id="clauses"')
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 5 (lima) tahun" in html
    assert "<script>alert" not in html
    assert _url("clause-add", draft) in html


def test_clause_list_without_htmx_is_a_page(login, commissioner, draft):
    response = login(commissioner).get(_url("clause-list", draft))
    html = response.content.decode()
    assert "<html" in html and "Maksud dan Tujuan" in html
    assert _url("clause-add", draft) not in html  # a commissioner reads, does not edit


def test_add_clause_after_another_renumbers(login, operator, draft):
    second = draft.clauses.get(position=2)
    response = login(operator).post(
        _url("clause-add", draft),
        {"heading": "Publikasi", "body": "PARA PIHAK {tidak_ada}.", "after": second.pk},
        **HTMX,
    )
    assert response.status_code == 200 and "Publikasi" in response.content.decode()
    assert headings(draft)[1:4] == ["Ruang Lingkup", "Publikasi", "Pelaksanaan"]
    assert _positions(draft) == list(range(1, 13))
    draft.refresh_from_db()
    assert draft.lock_version == 2
    assert ActivityLog.objects.filter(action="clause.added", object_id=str(draft.pk)).exists()


def test_add_clause_empty_heading_keeps_text(login, operator, draft):
    response = login(operator).post(
        _url("clause-add", draft), {"heading": "  ", "body": "Teks yang diketik"}, **HTMX
    )
    html = response.content.decode()
    assert "Judul pasal wajib diisi." in html and "Teks yang diketik" in html
    assert draft.clauses.count() == 11


def test_add_clause_without_htmx_redirects_to_detail(login, operator, draft):
    response = login(operator).post(_url("clause-add", draft), {"heading": "Publikasi"})
    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:detail", args=[draft.pk])
    assert headings(draft)[-1] == "Publikasi"


def test_edit_clause_form_then_save(login, operator, draft):
    client = login(operator)
    clause = draft.clauses.get(position=3)
    form = client.get(_url("clause-edit", draft, clause), **HTMX)
    assert f'id="clause-{clause.pk}"' in form.content.decode()
    assert "Pelaksanaan" in form.content.decode()
    response = client.post(
        _url("clause-edit", draft, clause),
        {
            "heading": "Pelaksanaan Kegiatan",
            "body": "(1) Satu.\r\n(2) Dua.",
            "lock_version": clause.lock_version,
        },
        **HTMX,
    )
    assert response.status_code == 200
    clause.refresh_from_db()
    assert (clause.heading, clause.body) == ("Pelaksanaan Kegiatan", "(1) Satu.\n(2) Dua.")
    log = ActivityLog.objects.get(action="clause.updated", object_id=str(draft.pk))
    assert log.changes["heading"] == ["Pelaksanaan", "Pelaksanaan Kegiatan"]


def test_edit_clause_empty_heading_refused_with_text_kept(login, operator, draft):
    clause = draft.clauses.get(position=3)
    response = login(operator).post(
        _url("clause-edit", draft, clause), {"heading": "", "body": "Isi baru saya"}, **HTMX
    )
    html = response.content.decode()
    assert "Judul pasal wajib diisi." in html and "Isi baru saya" in html
    clause.refresh_from_db()
    assert clause.heading == "Pelaksanaan"


def test_remove_clause_renumbers(login, operator, draft):
    clause = draft.clauses.get(position=2)
    response = login(operator).post(_url("clause-remove", draft, clause), **HTMX)
    assert response.status_code == 200
    assert "Ruang Lingkup" not in headings(draft)
    assert _positions(draft) == list(range(1, 11))
    assert ActivityLog.objects.filter(action="clause.removed").count() == 1


def test_move_clause_up_and_down(login, operator, draft):
    client = login(operator)
    clause = draft.clauses.get(position=3)
    client.post(_url("clause-move", draft, clause), {"direction": "up"}, **HTMX)
    assert headings(draft)[:3] == ["Maksud dan Tujuan", "Pelaksanaan", "Ruang Lingkup"]
    first = draft.clauses.get(position=1)
    client.post(_url("clause-move", draft, first), {"direction": "down"}, **HTMX)
    assert headings(draft)[:3] == ["Pelaksanaan", "Maksud dan Tujuan", "Ruang Lingkup"]
    assert _positions(draft) == list(range(1, 12))
    top = draft.clauses.get(position=1)
    client.post(_url("clause-move", draft, top), {"direction": "up"}, **HTMX)  # already first
    assert headings(draft)[0] == "Pelaksanaan"
    assert ActivityLog.objects.filter(action="clause.moved").count() == 2


def test_signed_agreement_clauses_refused(login, operator, draft):
    Agreement.objects.filter(pk=draft.pk).update(state=Agreement.State.SIGNED)
    client = login(operator)
    clause = draft.clauses.get(position=1)
    response = client.post(_url("clause-edit", draft, clause), {"heading": "Baru"}, **HTMX)
    assert "hanya dapat diubah selama perjanjian masih draf" in response.content.decode()
    client.post(_url("clause-remove", draft, clause), **HTMX)
    clause.refresh_from_db()
    assert clause.heading == "Maksud dan Tujuan" and draft.clauses.count() == 11
    listing = client.get(_url("clause-list", draft), **HTMX).content.decode()
    assert _url("clause-add", draft) not in listing
    with pytest.raises(ValidationError):
        clauses.clause_add(user=operator, agreement=draft, heading="X", body="")


def test_clause_views_outsider_404(login, outsider, draft):
    client = login(outsider)
    clause = draft.clauses.first()
    assert client.get(_url("clause-list", draft)).status_code == 404
    assert client.post(_url("clause-add", draft), {"heading": "X"}).status_code == 404
    assert client.post(_url("clause-remove", draft, clause)).status_code == 404


def test_clause_writes_commissioner_403(login, commissioner, draft):
    client = login(commissioner)
    clause = draft.clauses.first()
    assert client.post(_url("clause-add", draft), {"heading": "X"}, **HTMX).status_code == 403
    assert client.get(_url("clause-edit", draft, clause), **HTMX).status_code == 403
    assert client.post(_url("clause-remove", draft, clause), **HTMX).status_code == 403
    move = client.post(_url("clause-move", draft, clause), {"direction": "down"}, **HTMX)
    assert move.status_code == 403
    with pytest.raises(PermissionDenied):
        clauses.clause_remove(user=commissioner, clause=clause)
    assert draft.clauses.count() == 11


def test_clause_views_anonymous_to_login(client, draft):
    clause = draft.clauses.first()
    for response in (
        client.get(_url("clause-list", draft)),
        client.post(_url("clause-add", draft), {"heading": "X"}),
        client.post(_url("clause-move", draft, clause), {"direction": "up"}),
    ):
        assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_clause_views_wrong_method_405(login, operator, draft):
    client = login(operator)
    clause = draft.clauses.first()
    assert client.get(_url("clause-add", draft)).status_code == 405
    assert client.get(_url("clause-remove", draft, clause)).status_code == 405
    assert client.get(_url("clause-move", draft, clause)).status_code == 405
    assert client.post(_url("clause-list", draft)).status_code == 405


def test_clause_list_query_count_constant(
    login, operator, ponorogo, umpo, draft, django_assert_num_queries
):
    client = login(operator)
    Clause.objects.filter(agreement=draft, position__gt=3).delete()
    with CaptureQueriesContext(connection) as three:
        first = client.get(_url("clause-list", draft), **HTMX)
    assert first.status_code == 200
    assert first.content.decode().count('class="card mb-2"') == 3
    Clause.objects.bulk_create(
        Clause(agreement=draft, position=n, heading=f"Pasal {n}", body="{jangka_waktu}")
        for n in range(4, 16)
    )
    with django_assert_num_queries(len(three.captured_queries)):
        response = client.get(_url("clause-list", draft), **HTMX)
    assert response.status_code == 200
    assert response.content.decode().count('class="card mb-2"') == 15


def test_clause_context_for_the_detail_page(operator, commissioner, draft):
    context = clauses.clause_context(draft, operator)
    assert set(context) == {"agreement", "clauses", "can_edit", "parent_clauses"}
    assert context["can_edit"] and not clauses.clause_context(draft, commissioner)["can_edit"]
    clause, body = context["clauses"][4]
    assert clause.heading == "Jangka Waktu" and "5 (lima) tahun" in body


def test_clause_add_with_a_non_ascii_digit_position_is_not_a_500(login, operator, make_draft):
    from django.urls import reverse

    draft = make_draft("NK")
    response = login(operator).post(
        reverse("agreements:clause-add", args=[draft.pk]),
        {"heading": "Lokasi", "body": "Di Ponorogo.", "after": "²"},
    )
    assert response.status_code in (200, 302)
