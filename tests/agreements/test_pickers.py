"""Partner, parent and renewal pickers: the pages never list the registry or the agreements
(they search /kerja-sama/cari/ and /mitra/cari/), and an id outside the user's scope is a
form error, never a leak."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import services
from agreements.models import Agreement
from partners.models import Partner
from tests.workflows import decide_all, sign

pytestmark = pytest.mark.django_db
URL = reverse("agreements:autocomplete")
PAGE_BUDGET = 200_000


def _picked(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'data-autocomplete-label="([^"]*)"', response.content.decode())


def _add_partners(office, count: int, start: int = 0) -> None:
    Partner.objects.bulk_create(
        Partner(
            name=f"Mitra Rahasia {n:03}",
            normalized_name=f"mitra rahasia {n:03}",
            category="OTHER",
            registered_by=office,
        )
        for n in range(start, start + count)
    )


def _add_agreements(office, count: int, start: int = 0) -> None:
    Agreement.objects.bulk_create(
        Agreement(
            office=office,
            kind=kind,
            state=Agreement.State.SIGNED,
            title=f"Perjanjian Rahasia {n:03}",
            kpu_number=f"{n}/UJI/2025",
            start_date=datetime.date(2025, 1, 1),
            end_date=datetime.date(2029, 12, 31),
            signed_on=datetime.date(2025, 1, 1),
        )
        for n in range(start, start + count)
        for kind in ["NK" if n % 2 else "PKS"]
    )


def _page(client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    count = len(queries.captured_queries)
    assert response.status_code == 200, url
    content = response.content.decode()
    assert len(content.encode()) < PAGE_BUDGET, url
    return content, count


@pytest.fixture
def pks_draft(make_draft):
    return make_draft("PKS", title="Draf PKS Pilihan")


def test_pages_list_no_partner_or_agreement_and_cost_the_same_with_5_and_60(
    login, operator, ponorogo, pks_draft
):
    _add_partners(ponorogo, 5)
    _add_agreements(ponorogo, 5)
    chosen = Agreement.objects.filter(kind="NK").order_by("pk").first()
    Agreement.objects.filter(pk=pks_draft.pk).update(parent=chosen)
    client = login(operator)
    urls = [
        reverse("agreements:create") + "?kind=PKS",
        reverse("agreements:create") + "?kind=NK",
        reverse("agreements:register") + "?kind=PKS",
        reverse("agreements:update", args=[pks_draft.pk]),
        pks_draft.get_absolute_url(),
    ]
    client.get(urls[0])
    few = {url: _page(client, url)[1] for url in urls}
    _add_partners(ponorogo, 55, start=5)
    _add_agreements(ponorogo, 55, start=5)
    for url in urls:
        content, count = _page(client, url)
        assert count == few[url], (url, few[url], count)
        shown = set(re.findall(r"(?:Mitra|Perjanjian) Rahasia \d{3}", content))
        expected = {chosen.title} if url == urls[3] else set()
        assert shown == expected, (url, shown)
    update = _page(client, urls[3])[0]
    assert f'value="{chosen.pk}" data-autocomplete-value' in update
    assert f"?field=parent&amp;kind=PKS&amp;agreement={pks_draft.pk}" in update
    detail = _page(client, urls[4])[0]
    assert 'name="partner"' in detail and "Universitas Muhammadiyah Ponorogo" in detail


def test_parent_picker_offers_only_what_the_form_accepts(login, operator, ponorogo, make_draft):
    _add_agreements(ponorogo, 4)
    cancelled = make_draft("NK", title="Perjanjian Rahasia batal")
    services.agreement_cancel(user=operator, agreement=cancelled, reason="Tidak jadi")
    client = login(operator)
    pks_parents = _picked(client.get(URL, {"field": "parent", "kind": "PKS", "q": "rahasia"}))
    assert len(pks_parents) == 2 and all(
        label.startswith("Nota Kesepahaman") for label in pks_parents
    )
    addendum_parents = _picked(client.get(URL, {"field": "parent", "kind": "ADDENDUM"}))
    assert len(addendum_parents) == 4
    renewals = _picked(client.get(URL, {"field": "renews", "kind": "PKS", "q": "rahasia"}))
    assert len(renewals) == 2 and all("Perjanjian Kerja Sama" in label for label in renewals)
    for params in (
        {"field": "parent", "kind": "NK"},
        {"field": "owner", "kind": "PKS"},
        {"field": "parent", "kind": "LAINNYA"},
        {"field": "parent", "kind": "PKS", "agreement": "x"},
        {"field": "parent", "kind": "PKS", "agreement": "²"},
        {"field": "parent", "kind": "PKS", "agreement": "9" * 30},
    ):
        assert client.get(URL, params).status_code == 404, params


def test_search_by_title_number_and_partner_newest_signed_first(
    login, operator, reviewer, ri_reviewer, make_draft
):
    first = make_draft("NK", title="Pendidikan Pemilih Pemula")
    services.agreement_submit(user=operator, agreement=first)
    signed = sign(decide_all(first, reviewer, ri_reviewer), operator)
    make_draft("NK", title="Sosialisasi Pemilih Disabilitas")
    client = login(operator)
    params = {"field": "parent", "kind": "PKS"}
    assert len(_picked(client.get(URL, params | {"q": "umpo"}))) == 2
    assert len(_picked(client.get(URL, params | {"q": "pemilih"}))) == 2
    assert _picked(client.get(URL, params | {"q": "pemula"})) == [str(signed)]
    assert _picked(client.get(URL, params | {"q": signed.kpu_number})) == [str(signed)]
    by_date = _picked(client.get(URL, params))
    assert by_date[0] == str(signed)
    assert "Universitas Muhammadiyah Ponorogo" in client.get(URL, params).content.decode()


def test_at_most_20_and_the_draft_being_edited_left_out(login, operator, ponorogo, pks_draft):
    _add_agreements(ponorogo, 50)
    client = login(operator)
    assert len(_picked(client.get(URL, {"field": "parent", "kind": "PKS"}))) == 20
    own = {"field": "renews", "kind": "PKS", "q": "Draf PKS", "agreement": pks_draft.pk}
    assert _picked(client.get(URL, own)) == []


def test_outsider_finds_nothing_of_another_office(login, outsider, operator, make_draft, ponorogo):
    _add_agreements(ponorogo, 6)
    draft = make_draft("PKS")
    client = login(outsider)
    for field, kind in (("parent", "PKS"), ("parent", "ADDENDUM"), ("renews", "NK")):
        assert _picked(client.get(URL, {"field": field, "kind": kind})) == []
        assert _picked(client.get(URL, {"field": field, "kind": kind, "q": "Rahasia"})) == []
    response = client.get(URL, {"field": "parent", "kind": "PKS", "agreement": draft.pk})
    assert response.status_code == 404


def test_anonymous_to_login_and_wrong_method_405(client, login, operator):
    response = client.get(URL, {"field": "parent", "kind": "PKS"})
    assert response.status_code == 302 and "/masuk/" in response["Location"]
    assert login(operator).post(URL, {"field": "parent", "kind": "PKS"}).status_code == 405


def test_forged_ids_outside_scope_are_form_errors_not_leaks(
    login, operator, outsider, sleman, make_draft, umpo, ri_admin
):
    sleman_nk = make_draft("NK", user=outsider, office=sleman, title="Rahasia Kabupaten Sleman")
    retired = Partner(name="Mitra Pensiun", category="OTHER", registered_by=sleman)
    retired.save()
    Partner.objects.filter(pk=retired.pk).update(merged_into=umpo)
    client = login(operator)
    response = client.post(
        reverse("agreements:create") + "?kind=PKS",
        {"kind": "PKS", "title": "Coba", "partner": retired.pk, "parent": sleman_nk.pk},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Pilih perjanjian dari daftar pencarian." in content
    assert "Pilih mitra yang terdaftar dari daftar pencarian." in content
    assert "Rahasia Kabupaten Sleman" not in content and "Mitra Pensiun" not in content
    assert not Agreement.objects.filter(office__code="35.02").exists()


def test_chosen_partner_shown_by_name_after_an_error(login, operator, umpo):
    response = login(operator).post(
        reverse("agreements:create") + "?kind=NK", {"kind": "NK", "partner": umpo.pk}
    )
    content = response.content.decode()
    assert 'value="Universitas Muhammadiyah Ponorogo (UMPO)"' in content
    assert f'name="partner" id="id_partner_value" value="{umpo.pk}"' in content


def test_hostile_text_is_no_server_error(login, operator, pks_draft):
    client = login(operator)
    params = {"field": "renews", "kind": "PKS", "agreement": pks_draft.pk}
    for text in ("x" * 5000, "%_\\'", "99999999999999999999"):
        assert _picked(client.get(URL, params | {"q": text})) == [], text
    assert client.get(URL, params | {"q": "a\x00b"}).status_code in (200, 400)
    for forged in ("²", "9" * 30, "9" * 5000):
        response = client.post(
            reverse("agreements:create") + "?kind=PKS",
            {"kind": "PKS", "partner": forged, "parent": forged, "renews": forged},
        )
        assert "Pilih perjanjian dari daftar pencarian." in response.content.decode(), forged
