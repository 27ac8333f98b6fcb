"""Regions on the partner form and list: regencies by the chosen province, provinces by name."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from offices.models import Office

pytestmark = pytest.mark.django_db
OPTIONS = reverse("partners:regency-options")


def test_regency_options_of_the_chosen_province_only(login, operator, jatim, ponorogo, sleman):
    client = login(operator)
    html = client.get(OPTIONS, {"province": jatim.pk}, HTTP_HX_REQUEST="true").content.decode()
    assert f'value="{ponorogo.pk}"' in html and ponorogo.region_name in html
    assert f'value="{sleman.pk}"' not in html
    regencies = Office.objects.filter(level=Office.Level.REGENCY, parent=jatim).count()
    assert html.count("<option") == regencies + 1  # and the empty choice
    everything = client.get(OPTIONS, {"province": "x"}).content.decode()
    assert f'value="{sleman.pk}"' in everything


def test_regency_options_one_query_whatever_the_province(login, operator, jatim, sleman):
    client = login(operator)
    client.get(OPTIONS, {"province": jatim.pk})
    counts = set()
    for province in (jatim, sleman.parent):
        with CaptureQueriesContext(connection) as queries:
            client.get(OPTIONS, {"province": province.pk})
        assert len([q for q in queries if "'REGENCY'" in q["sql"]]) == 1
        counts.add(len(queries))
    assert len(counts) == 1


def test_regency_options_anonymous_to_login_and_post_405(client, login, commissioner, jatim):
    response = client.get(OPTIONS, {"province": jatim.pk})
    assert response.status_code == 302 and "/masuk/" in response["Location"]
    # Region names are reference data: any signed-in role reads them, none posts.
    assert login(commissioner).get(OPTIONS, {"province": jatim.pk}).status_code == 200
    assert login(commissioner).post(OPTIONS).status_code == 405


def test_partner_form_province_reloads_regencies_and_checks_the_pair(
    login, operator, jatim, sleman
):
    client = login(operator)
    form = client.get(reverse("partners:create")).content.decode()
    assert f'hx-get="{OPTIONS}"' in form and 'hx-target="#id_regency"' in form
    response = client.post(
        reverse("partners:create"),
        {"name": "Lembaga Uji Wilayah", "category": "OTHER", "province": jatim.pk,
         "regency": sleman.pk},
    )  # fmt: skip
    assert "tidak berada di provinsi tersebut" in response.content.decode()


def test_partner_list_filters_by_province_name(login, operator, jatim):
    html = login(operator).get(reverse("partners:list")).content.decode()
    assert f'<option value="{jatim.pk}">{jatim.region_name}</option>' in html
    assert f">{jatim.name}</option>" not in html
