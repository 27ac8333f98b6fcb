"""The lists' shared table behaviour (issue 15): columns a user hides, remembered on the user;
the active filters as chips that each remove one filter; cells labelled for the phone."""

import pytest
from django.urls import reverse

from evaluations.agreement_list import AgreementTable  # the list users see (with monev's column)

pytestmark = pytest.mark.django_db

LIST = reverse("agreements:list")
SAVE = reverse("table-columns")


def _headers(response) -> list[str]:
    return [str(column.header) for column in response.context["table"].columns]


def _choose(client, shown: list[str], next_url: str = LIST):
    return client.post(
        SAVE,
        {
            "table": "agreements",
            "offered": list(AgreementTable.optional_columns),
            "show": shown,
            "next": next_url,
        },
    )


def test_the_term_is_hidden_until_a_user_shows_it(ponorogo_data, operator, login):
    client = login(operator)
    headers = _headers(client.get(LIST))
    assert "Jangka waktu" not in headers and "Berakhir efektif" in headers
    response = _choose(client, ["term", "partners"], next_url=LIST + "?kind=NK")
    assert response.status_code == 302 and response["Location"] == LIST + "?kind=NK"
    operator.refresh_from_db()
    assert set(operator.hidden_columns["agreements"]) == set(AgreementTable.optional_columns) - {
        "term",
        "partners",
    }
    headers = _headers(client.get(LIST))
    assert "Jangka waktu" in headers and "Mitra" in headers
    assert "Berakhir efektif" not in headers and "Kantor" not in headers
    # The choice is the user's: another user of the same office still sees the default.
    from tests.factories import member

    colleague = member("operator2.ponorogo", "35.02", "OPERATOR")
    assert "Berakhir efektif" in _headers(login(colleague).get(LIST))


def test_hidden_columns_change_neither_rows_nor_export(ponorogo_data, operator, login):
    client = login(operator)
    before = client.get(LIST).context["table"].paginator.count
    _choose(client, [])
    page = client.get(LIST)
    assert page.context["table"].paginator.count == before
    # Title, number and status always stay.
    assert _headers(page) == ["Nomor", "Tentang", "Status"]
    assert "PKS pengamanan" in page.content.decode()


def test_column_choice_refuses_bad_input_and_unsafe_next(operator, login, client):
    assert client.post(SAVE, {"table": "agreements"}).status_code == 302  # anonymous: login
    assert "masuk" in client.post(SAVE, {"table": "agreements"})["Location"]
    client = login(operator)
    assert client.get(SAVE).status_code == 405
    assert client.post(SAVE, {"table": "Agreements!", "offered": ["term"]}).status_code == 400
    assert client.post(SAVE, {"table": "agreements"}).status_code == 400  # nothing offered
    response = _choose(client, ["term"], next_url="https://example.com/")
    assert response["Location"] == reverse("home")


def test_active_filters_show_as_chips_that_each_remove_one(ponorogo_data, operator, login):
    client = login(operator)
    nk = ponorogo_data["nk"]
    html = client.get(
        LIST, {"kind": "NK", "state": "SIGNED", "q": "pendidikan", "page": "1", "time_status": ""}
    ).content.decode()
    assert 'data-testid="kind-chip"' in html and "Nota Kesepahaman</strong>" in html
    assert f'href="{LIST}?state=SIGNED&amp;q=pendidikan"' in html  # the kind chip
    assert f'href="{LIST}?kind=NK&amp;q=pendidikan"' in html  # the state chip
    assert 'data-testid="time_status-chip"' not in html  # an empty filter is no chip
    only_partner = client.get(LIST, {"partner": nk.parties.first().partner_id}).content.decode()
    assert 'data-testid="partner-chip"' in only_partner
    assert f'href="{LIST}"' in only_partner  # removing the last filter: the bare list


def test_cells_carry_their_header_for_the_phone_layout(ponorogo_data, operator, login):
    html = login(operator).get(LIST).content.decode()
    assert "table-stack" in html
    assert 'data-label="Tentang"' in html and 'data-label="Status"' in html
    # The full title is in the tooltip of the two-line cell.
    title = ponorogo_data["nk"].title
    assert (
        f'class="text-clamp-2" href="{ponorogo_data["nk"].get_absolute_url()}" title="{title}"'
        in html
    )
