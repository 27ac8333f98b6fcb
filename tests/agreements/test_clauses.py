"""Clause templates, placeholders, the htmx clause editor and template versions."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import clauses, placeholders
from agreements.clause_defaults import DEFAULT_CLAUSES
from agreements.models import Agreement, Clause, ClauseTemplate, Kind, Party
from core.models import ActivityLog

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
NK_HEADINGS = [
    "Maksud dan Tujuan",
    "Ruang Lingkup",
    "Pelaksanaan",
    "Pembiayaan",
    "Jangka Waktu",
    "Evaluasi dan Pelaporan",
    "Keadaan Kahar",
    "Penyelesaian Perselisihan",
    "Perubahan",
    "Pengakhiran",
    "Penutup",
]


def _agreement(office, user, kind="NK", **extra) -> Agreement:
    agreement = Agreement.objects.create(
        office=office,
        kind=kind,
        title="Pendidikan Pemilih bagi Mahasiswa",
        divisi="PARTICIPATION",
        start_date=datetime.date(2025, 9, 11),
        end_date=datetime.date(2030, 9, 10),
        created_by=user,
        template=clauses.current_template(kind),
        **extra,
    )
    clauses.clauses_from_template(agreement=agreement, template=agreement.template)
    return agreement


@pytest.fixture
def draft(ponorogo, operator, umpo) -> Agreement:
    agreement = _agreement(ponorogo, operator)
    Party.objects.create(agreement=agreement, partner=umpo, position=1)
    return agreement


def _headings(agreement: Agreement) -> list[str]:
    return list(agreement.clauses.order_by("position").values_list("heading", flat=True))


def _positions(agreement: Agreement) -> list[int]:
    return list(agreement.clauses.order_by("position").values_list("position", flat=True))


def _url(name: str, agreement: Agreement, clause: Clause | None = None) -> str:
    args = [agreement.pk] if clause is None else [agreement.pk, clause.pk]
    return reverse(f"agreements:{name}", args=args)


# --- Templates and placeholders -----------------------------------------------------------


def test_current_template_creates_version_1_from_defaults(offices):
    assert not ClauseTemplate.objects.filter(kind=Kind.NK).exists()
    template = clauses.current_template(Kind.NK)
    assert (template.version, template.is_current) == (1, True)
    headings = list(template.items.order_by("position").values_list("heading", flat=True))
    assert headings == NK_HEADINGS
    assert clauses.current_template(Kind.NK).pk == template.pk
    assert ClauseTemplate.objects.filter(kind=Kind.NK).count() == 1


def test_current_template_race_reads_the_winner(offices, monkeypatch):
    winner = clauses.current_template(Kind.PKS)
    # This request looked before the other one committed: it saw no template and inserts.
    monkeypatch.setattr(clauses, "_current", lambda kind: None)
    assert clauses.current_template(Kind.PKS) == winner
    assert ClauseTemplate.objects.filter(kind=Kind.PKS).count() == 1


def test_default_templates_cover_every_kind():
    pks = [item["heading"] for item in DEFAULT_CLAUSES[Kind.PKS]]
    assert (
        pks[0] == "Dasar Pelaksanaan" and "{nk_reference}" in DEFAULT_CLAUSES[Kind.PKS][0]["body"]
    )
    assert {"Hak dan Kewajiban", "Sanksi", "Lampiran"} <= set(pks)
    assert [i["heading"] for i in DEFAULT_CLAUSES[Kind.ADDENDUM]] == [
        "Perubahan",
        "Jangka Waktu",
        "Ketentuan Lain",
        "Penutup",
    ]
    for items in DEFAULT_CLAUSES.values():
        assert len({item["key"] for item in items}) == len(items)


def test_placeholders_rendered_from_agreement(draft):
    body = placeholders.render_clause_body(
        "{pihak_pertama} dan {pihak_kedua}: {jangka_waktu}, {tanggal_mulai} s.d. "
        "{tanggal_berakhir}; evaluasi {frekuensi_evaluasi}; {nilai_pembiayaan}; "
        "rangkap {jumlah_rangkap}.",
        draft,
    )
    assert body == (
        "Komisi Pemilihan Umum Kabupaten Ponorogo dan Universitas Muhammadiyah Ponorogo: "
        "5 (lima) tahun, 11 September 2025 s.d. 10 September 2030; evaluasi setiap semester; "
        "tanpa pembiayaan; rangkap 2 (dua)."
    )


def test_term_in_months_days_and_budget_in_words(draft):
    draft.end_date = datetime.date(2026, 3, 10)
    draft.budget_amount = Decimal("1500000")
    values = placeholders.placeholder_values(draft)
    assert values["jangka_waktu"] == "6 (enam) bulan"
    assert values["nilai_pembiayaan"] == "Rp1.500.000,00 (satu juta lima ratus ribu rupiah)"
    draft.end_date = datetime.date(2025, 9, 20)
    assert placeholders.placeholder_values(draft)["jangka_waktu"] == "10 (sepuluh) hari"


def test_unknown_placeholder_left_and_missing_data_never_raises(ponorogo, operator):
    agreement = _agreement(ponorogo, operator, kind=Kind.PKS)
    agreement.start_date = agreement.end_date = None
    body = placeholders.render_clause_body(
        "{tidak_dikenal} {tanggal_mulai} {jangka_waktu} {pihak_kedua} {nk_reference}", agreement
    )
    assert body.startswith("{tidak_dikenal} [tanggal mulai belum diisi] ")
    assert "[pihak kedua belum diisi]" in body
    assert "tanpa didahului Nota Kesepahaman" in body


def test_nk_reference_cites_parent_numbers_and_date(ponorogo, operator, umpo, draft):
    Agreement.objects.filter(pk=draft.pk).update(
        state=Agreement.State.SIGNED,
        kpu_number="1/HK.05.1-NK/3502/2025",
        partner_number="012/UMPO/IX/2025",
        signed_on=datetime.date(2025, 9, 11),
    )
    draft.refresh_from_db()
    pks = _agreement(ponorogo, operator, kind=Kind.PKS, parent=draft)
    first = pks.clauses.get(position=1)
    assert first.heading == "Dasar Pelaksanaan"
    assert (
        "berdasarkan Nota Kesepahaman antara Komisi Pemilihan Umum Kabupaten Ponorogo dan "
        "Universitas Muhammadiyah Ponorogo Nomor 1/HK.05.1-NK/3502/2025 dan Nomor "
        "012/UMPO/IX/2025 tanggal 11 September 2025."
    ) in placeholders.render_clause_body(first.body, pks)


# --- The clause editor ----------------------------------------------------------------


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
    assert _headings(draft)[1:4] == ["Ruang Lingkup", "Publikasi", "Pelaksanaan"]
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
    assert _headings(draft)[-1] == "Publikasi"


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
    assert "Ruang Lingkup" not in _headings(draft)
    assert _positions(draft) == list(range(1, 11))
    assert ActivityLog.objects.filter(action="clause.removed").count() == 1


def test_move_clause_up_and_down(login, operator, draft):
    client = login(operator)
    clause = draft.clauses.get(position=3)
    client.post(_url("clause-move", draft, clause), {"direction": "up"}, **HTMX)
    assert _headings(draft)[:3] == ["Maksud dan Tujuan", "Pelaksanaan", "Ruang Lingkup"]
    first = draft.clauses.get(position=1)
    client.post(_url("clause-move", draft, first), {"direction": "down"}, **HTMX)
    assert _headings(draft)[:3] == ["Pelaksanaan", "Maksud dan Tujuan", "Ruang Lingkup"]
    assert _positions(draft) == list(range(1, 12))
    top = draft.clauses.get(position=1)
    client.post(_url("clause-move", draft, top), {"direction": "up"}, **HTMX)  # already first
    assert _headings(draft)[0] == "Pelaksanaan"
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


# --- Template versions ----------------------------------------------------------------


def _items(template: ClauseTemplate) -> list[dict]:
    return [
        {"heading": i.heading, "key": i.key, "body": i.body, "required": i.required}
        for i in template.items.order_by("position")
    ]


def test_new_template_version_spares_existing_agreements(ri_admin, ponorogo, operator, draft):
    before = list(draft.clauses.order_by("position").values_list("heading", "body"))
    items = [{"heading": "Pasal Baru", "key": "", "body": "Isi baru.", "required": True}]
    items += _items(draft.template)
    new = clauses.template_new_version(
        user=ri_admin, kind=Kind.NK, items=items, note="Tambah pasal"
    )
    assert (new.version, new.is_current) == (2, True)
    assert not ClauseTemplate.objects.get(pk=draft.template_id).is_current
    assert list(draft.clauses.order_by("position").values_list("heading", "body")) == before
    assert clauses.current_template(Kind.NK) == new
    fresh = _agreement(ponorogo, operator)
    assert _headings(fresh)[0] == "Pasal Baru" and fresh.template == new
    assert new.items.get(position=1).key == "pasal-baru"


def test_new_template_version_refused_for_others(jatim_admin, ri_admin):
    with pytest.raises(PermissionDenied):
        clauses.template_new_version(user=jatim_admin, kind=Kind.NK, items=[], note="")
    with pytest.raises(ValidationError):
        clauses.template_new_version(
            user=ri_admin, kind=Kind.NK, items=[{"heading": " ", "body": "x"}], note=""
        )
    assert not ClauseTemplate.objects.filter(version__gt=1).exists()


def test_template_pages_for_national_admin(login, ri_admin):
    client = login(ri_admin)
    listing = client.get(reverse("agreements:clause-templates"))
    assert "Nota Kesepahaman" in listing.content.decode()
    assert ClauseTemplate.objects.filter(is_current=True).count() == 4
    page = client.get(reverse("agreements:clause-template-edit", args=["NK"]))
    formset = page.context["formset"]
    assert formset.total_form_count() == 11 + 3
    data = {
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "2",
        "items-0-position": "2",
        "items-0-heading": "Maksud dan Tujuan",
        "items-0-key": "maksud-tujuan",
        "items-0-body": "Isi.",
        "items-0-required": "on",
        "items-1-position": "1",
        "items-1-heading": "Pembukaan",
        "items-1-body": "Pembukaan {pihak_pertama}.",
        "items-2-heading": "",
        "note": "Diringkas",
        "lock_version": "1",
    }
    response = client.post(reverse("agreements:clause-template-edit", args=["NK"]), data)
    assert response.status_code == 302
    current = clauses.current_template(Kind.NK)
    assert current.version == 2 and current.note == "Diringkas"
    assert [i["heading"] for i in _items(current)] == ["Pembukaan", "Maksud dan Tujuan"]


def test_template_edit_errors_keep_input(login, ri_admin):
    data = {
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "1",
        "items-0-heading": "Maksud dan Tujuan",
        "items-0-body": "",
        "items-1-heading": "",
        "items-1-body": "Teks tanpa judul",
        "note": "Coba",
    }
    response = login(ri_admin).post(reverse("agreements:clause-template-edit", args=["PKS"]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Isi pasal wajib diisi." in html and "Judul pasal wajib diisi." in html
    assert "Teks tanpa judul" in html
    assert clauses.current_template(Kind.PKS).version == 1


def test_template_pages_non_admin_403(login, jatim_admin, operator):
    for user in (jatim_admin, operator):
        client = login(user)
        assert client.get(reverse("agreements:clause-templates")).status_code == 403
        edit = reverse("agreements:clause-template-edit", args=["NK"])
        assert client.post(edit, {"note": "x"}).status_code == 403


def test_clause_add_with_a_non_ascii_digit_position_is_not_a_500(login, operator, make_draft):
    from django.urls import reverse

    draft = make_draft("NK")
    response = login(operator).post(
        reverse("agreements:clause-add", args=[draft.pk]),
        {"heading": "Lokasi", "body": "Di Ponorogo.", "after": "²"},
    )
    assert response.status_code in (200, 302)
