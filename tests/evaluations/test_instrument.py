"""The instrument: version 1 from the defaults on first use, new versions by national admins
through the page; the weights must sum to 100."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from evaluations.instruments import current_instrument, instrument_new_version
from evaluations.models import Instrument

pytestmark = pytest.mark.django_db
URL = reverse("evaluations:instrument")


def page_data(criteria: list[tuple[str, int]], **extra) -> dict:
    data = {
        "grace_days": "30",
        "review_from": "40",
        "improve_from": "60",
        "continue_from": "80",
        "note": "Penyesuaian 2027",
        "lock_version": "1",  # the version the page was opened on
        "criteria-TOTAL_FORMS": str(len(criteria)),
        "criteria-INITIAL_FORMS": str(len(criteria)),
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    for n, (name, weight) in enumerate(criteria):
        data[f"criteria-{n}-name"] = name
        data[f"criteria-{n}-weight"] = str(weight)
        for score in range(1, 6):
            data[f"criteria-{n}-descriptor_{score}"] = f"Uraian skor {score}"
    return data | extra


def test_first_use_creates_version_one_once():
    first = current_instrument()
    assert (first.version, first.is_current, first.grace_days) == (1, True, 30)
    assert current_instrument() == first
    assert Instrument.objects.count() == 1


def test_page_shows_the_current_criteria(login, ri_admin):
    page = login(ri_admin).get(URL)
    assert page.context["formset"].initial_form_count() == 5
    assert "Komitmen mitra" in page.content.decode()


def test_saving_makes_a_new_current_version(login, ri_admin):
    current_instrument()
    data = page_data([("Kesesuaian tupoksi", 40), ("Manfaat", 60)], **{"criteria-1-DELETE": ""})
    response = login(ri_admin).post(URL, data)
    assert response.status_code == 302
    new = Instrument.objects.get(is_current=True)
    assert new.version == 2 and new.note == "Penyesuaian 2027"
    assert [(c.name, c.weight) for c in new.criteria.all()] == [
        ("Kesesuaian tupoksi", 40),
        ("Manfaat", 60),
    ]
    assert Instrument.objects.get(version=1).is_current is False


def test_deleted_rows_are_left_out(login, ri_admin):
    data = page_data([("A", 100), ("B", 10)], **{"criteria-1-DELETE": "on"})
    assert login(ri_admin).post(URL, data).status_code == 302
    assert [c.name for c in current_instrument().criteria.all()] == ["A"]


def test_weights_not_summing_to_100_refused(login, ri_admin):
    response = login(ri_admin).post(URL, page_data([("A", 50), ("B", 40)]))
    assert response.status_code == 200
    assert "Jumlah bobot harus 100%; sekarang 90%." in response.content.decode()
    assert current_instrument().version == 1


def test_bands_must_rise(login, ri_admin):
    response = login(ri_admin).post(URL, page_data([("A", 100)], improve_from="85"))
    assert response.status_code == 200
    assert Instrument.objects.count() == 1


def test_service_refuses_non_national_admins(jatim_admin):
    with pytest.raises(PermissionDenied):
        instrument_new_version(
            user=jatim_admin,
            criteria=[{"name": "A", "weight": 100, "descriptors": list("abcde")}],
            note="",
            grace_days=30,
            continue_from=80,
            improve_from=60,
            review_from=40,
        )


def test_descriptors_required(ri_admin):
    with pytest.raises(ValidationError):
        instrument_new_version(
            user=ri_admin,
            criteria=[{"name": "A", "weight": 100, "descriptors": ["a", "", "c", "d", "e"]}],
            note="",
            grace_days=30,
            continue_from=80,
            improve_from=60,
            review_from=40,
        )
