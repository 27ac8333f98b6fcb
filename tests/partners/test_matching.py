"""The fuzzy name matcher (partners.matching) on a small index, then its cache on the database."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners import matching
from partners.matching import build_index, match_names
from partners.models import Partner
from partners.names import normalize_name

REGISTRY = {
    1: ("Universitas Muhamadiyah Ponorogo", "UMPO"),
    2: ("Universitas Muhammadiyah Malang", "UMM"),
    3: ("Institut Agama Islam Negeri Ponorogo", "IAIN"),
    4: ("Pemerintah Kabupaten Madiun", ""),
    5: ("SMAN 1 Ponorogo", ""),
    6: ("Radio Suara Ponorogo", "RSP"),
    7: ("Sekolah Tinggi Ilmu Kesehatan Muhammadiyah Ponorogo", ""),
    8: ("Universitas Negeri Malang", "UM"),
}


@pytest.fixture(scope="module")
def index():
    rows = [(pk, normalize_name(name), short) for pk, (name, short) in REGISTRY.items()]
    return build_index(rows)


def found(index, text: str, **options) -> list[int]:
    return [m.pk for m in match_names(text, index=index, **options)]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Universitas Muhammadiyah Ponorogo", [1]),  # one letter more than the registered
        ("Universitas Muhamadiya Ponorogo", [1]),  # one letter less
        ("UNIV. MUHAMADIYAH PONOROGO", [1]),  # abbreviation and case
        ("Ponorogo Muhamadiyah Universitas", [1]),  # swapped words
        ("Muhammadiyah Ponorogo", [1, 7]),  # no type: both Muhammadiyah campuses
        ("Univ Muhammadiyah Ponorgo", [1]),  # two typos in two words
        ("Pemkab Madiun", [4]),
        ("Pemerintah Kabupaten Madiun", [4]),
    ],
)
def test_duplicate_typos_swaps_and_missing_type_are_caught(index, typed, expected):
    assert found(index, typed, both_ways=True) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "Universitas Muhammadiyah Madiun",  # another city
        "Pemerintah Kota Madiun",  # kota is not kabupaten
        "SMAN 2 Ponorogo",  # numbers must be equal
        "Universitas Negeri Makassar",  # two edits in an eight-letter word
    ],
)
def test_duplicates_not_raised_for_other_institutions(index, typed):
    assert found(index, typed, both_ways=True) == []


def test_a_type_finds_no_partner_of_another_type(index):
    # Every word typed is in UMPO's name; IAIN, STIKES, the school and the radio are
    # other kinds of institution in Ponorogo.
    assert found(index, "Universitas Ponorogo", both_ways=True) == [1]


def test_both_ways_finds_a_registered_name_inside_a_longer_one(index):
    assert found(index, "Universitas Muhammadiyah Ponorogo Jawa Timur", both_ways=True) == [1]
    assert found(index, "Universitas Muhammadiyah Ponorogo Jawa Timur") == []


def test_search_words_as_prefixes_with_typos(index):
    assert found(index, "muhammadiyah", prefix=True) == [7, 2, 1] or set(
        found(index, "muhammadiyah", prefix=True)
    ) == {1, 2, 7}
    assert set(found(index, "univ muham", prefix=True)) == {1, 2}
    assert set(found(index, "ponorogo", prefix=True)) == {1, 3, 5, 6, 7}
    assert found(index, "sman 1", prefix=True) == [5]
    assert found(index, "surabaya", prefix=True) == []
    assert found(index, "'\"&|!:*()", prefix=True) == []


def test_best_match_first(index):
    assert found(index, "Universitas Muhamadiyah Ponorogo", both_ways=True)[0] == 1
    results = match_names("universitas malang", index=index, prefix=True)
    assert [m.pk for m in results] == [8, 2]
    assert results[0].score > results[1].score


def test_loose_marks_what_full_text_search_cannot_find(index):
    by_pk = {m.pk: m for m in match_names("muhammadiyah", index=index, prefix=True)}
    assert by_pk[1].loose and not by_pk[2].loose and not by_pk[7].loose


@pytest.mark.django_db
def test_index_rebuilt_when_a_partner_is_added_renamed_or_merged(ponorogo):
    def make(name):
        partner = Partner(name=name, category="UNIVERSITY", registered_by=ponorogo)
        partner.save()
        return partner

    umpo = make("Universitas Muhammadiyah Ponorogo")
    assert [m.pk for m in match_names("muhamadiyah ponorogo")] == [umpo.pk]
    other = make("Radio Suara Ponorogo")
    assert {m.pk for m in match_names("ponorogo")} == {umpo.pk, other.pk}
    other.name = "Radio Suara Madiun"
    other.save()
    assert [m.pk for m in match_names("ponorogo")] == [umpo.pk]
    other.merged_into = umpo
    other.save()
    assert match_names("madiun") == []


@pytest.mark.django_db
def test_unchanged_registry_costs_one_aggregate_query(ponorogo):
    Partner(
        name="Universitas Muhammadiyah Ponorogo", category="UNIVERSITY", registered_by=ponorogo
    ).save()
    matching.name_index()
    with CaptureQueriesContext(connection) as queries:
        assert len(match_names("muhamadiyah")) == 1
        assert len(match_names("ponorogo")) == 1
    assert len(queries) == 2
    assert all("MAX(" in q["sql"].upper() for q in queries.captured_queries)


@pytest.mark.django_db
def test_list_search_and_duplicate_check_use_the_matcher(login, operator, ponorogo):
    from django.urls import reverse

    from partners.selectors import possible_duplicates

    umpo = Partner(name="Universitas Muhamadiyah Ponorogo", category="UNIVERSITY")
    umpo.registered_by = ponorogo
    umpo.save()
    response = login(operator).get(reverse("partners:list"), {"q": "muhammadiyah"})
    assert [row.record.pk for row in response.context["table"].page.object_list] == [umpo.pk]
    assert possible_duplicates(name="Universitas Muhammadiyah Ponorogo") == [umpo]
    assert possible_duplicates(name="Ponorogo Muhamadiyah") == [umpo]
    assert possible_duplicates(name="Universitas") == []
