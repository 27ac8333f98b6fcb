"""The partner picker's search (/mitra/cari/) and the pickers of the partner pages."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners import services
from partners.models import Partner
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db
URL = reverse("partners:autocomplete")


def _picked(response) -> list[str]:
    """The labels of the result buttons, in order."""
    assert response.status_code == 200
    return re.findall(r'data-autocomplete-label="([^"]*)"', response.content.decode())


def test_matches_abbreviated_name_and_short_name(login, operator, umpo):
    client = login(operator)
    label = "Universitas Muhammadiyah Ponorogo (UMPO)"
    assert _picked(client.get(URL, {"q": "UNIV. muhammadiyah ponorogo"})) == [label]
    assert _picked(client.get(URL, {"q": "umpo"})) == [label]
    assert _picked(client.get(URL, {"q": "muhammadiyah malang"})) == []
    assert "Tidak ada yang cocok." in client.get(URL, {"q": "tidak ada"}).content.decode()


def test_same_short_name_first_then_names_starting_with_the_text(login, operator, umpo):
    PartnerFactory(name="Lembaga Pengkajian UMPO Raya")
    PartnerFactory(name="Umpoh Sejahtera")
    labels = _picked(login(operator).get(URL, {"q": "umpo"}))
    assert labels == [
        "Universitas Muhammadiyah Ponorogo (UMPO)",
        "Umpoh Sejahtera",
        "Lembaga Pengkajian UMPO Raya",
    ]


def test_at_most_20_results_in_one_query_and_no_retired_partner(login, operator, umpo, ri_admin):
    PartnerFactory.create_batch(30)
    retired = PartnerFactory(name="Lembaga Mitra Lama")
    services.partner_merge(actor=ri_admin, survivor=umpo, retired=retired)
    client = login(operator)
    client.get(URL, {"q": "lembaga"})  # session and memberships read once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"q": "lembaga"})
    partner_reads = [q["sql"] for q in queries.captured_queries if "partners_partner" in q["sql"]]
    # The rows once, and the fuzzy matcher's check that its cached index is current (an
    # aggregate served by two indexes, partners.matching._stamp).
    assert len(partner_reads) == 2, partner_reads
    assert "LIMIT 20" in partner_reads[1] and "MAX(" in partner_reads[0], partner_reads
    labels = _picked(response)
    assert len(labels) == 20 and "Lembaga Mitra Lama" not in labels
    assert "20 hasil pertama" in response.content.decode()
    assert _picked(client.get(URL, {"q": "Mitra Lama"})) == []


def test_typo_in_the_registered_name_is_found_after_exact_words(login, operator, umpo):
    PartnerFactory(name="Universitas Muhamadiyah Madiun")
    labels = _picked(login(operator).get(URL, {"q": "muhammadiyah"}))
    assert labels == ["Universitas Muhammadiyah Ponorogo (UMPO)", "Universitas Muhamadiyah Madiun"]


def test_exclude_leaves_out_the_partner_being_edited(login, operator, umpo):
    assert _picked(login(operator).get(URL, {"q": "umpo", "exclude": umpo.pk})) == []


def test_national_registry_visible_to_every_office(login, outsider, umpo):
    """Partners are one national registry (Partner.objects.for_user): Sleman finds UMPO."""
    assert _picked(login(outsider).get(URL, {"q": "umpo"})) == [
        "Universitas Muhammadiyah Ponorogo (UMPO)"
    ]


def test_anonymous_to_login_and_wrong_method_405(client, login, operator, umpo):
    response = client.get(URL, {"q": "umpo"})
    assert response.status_code == 302 and "/masuk/" in response["Location"]
    assert login(operator).post(URL, {"q": "umpo"}).status_code == 405


def test_partner_pages_list_no_registry(login, operator, ri_admin, umpo):
    """The parent picker of the partner form and the merge picker search; they never list
    the registry (20,000 partners nationally)."""
    PartnerFactory.create_batch(25, name="Lembaga Tak Terlihat")
    form = login(operator).get(reverse("partners:update", args=[umpo.pk])).content.decode()
    assert "Lembaga Tak Terlihat" not in form
    assert f'hx-get="{URL}?exclude={umpo.pk}"' in form
    detail = login(ri_admin).get(umpo.get_absolute_url()).content.decode()
    assert "Lembaga Tak Terlihat" not in detail and 'name="retired"' in detail


def test_merge_refuses_a_retired_or_unknown_partner(login, ri_admin, umpo):
    retired = PartnerFactory(merged_into=umpo)
    client = login(ri_admin)
    for value in (retired.pk, 999_999, "abc", umpo.pk):
        response = client.post(reverse("partners:merge", args=[umpo.pk]), {"retired": value})
        assert response.status_code == 302
    assert not Partner.objects.filter(merged_into=umpo).exclude(pk=retired.pk).exists()


def test_hostile_text_is_no_server_error(login, operator, umpo):
    client = login(operator)
    # NUL is dropped here (or refused with 400 before the view): never a 500.
    assert client.get(URL, {"q": "um\x00po"}).status_code in (200, 400)
    assert _picked(client.get(URL, {"q": "x" * 5000})) == []
    assert _picked(client.get(URL, {"q": "%_\\'"})) == []
    for exclude in ("²", "9" * 30, "x"):
        assert len(_picked(client.get(URL, {"q": "umpo", "exclude": exclude}))) == 1
