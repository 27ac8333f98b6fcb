import pytest
from django.urls import reverse

from agreements.models import NumberingPattern
from offices.models import Membership
from tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def ponorogo_admin(offices):
    return member("admin.ponorogo", "35.02", Membership.Role.ADMIN)


def test_admin_sees_default_pattern_and_next_numbers(login, ponorogo_admin):
    content = login(ponorogo_admin).get(reverse("agreements:numbering")).content.decode()
    assert "{seq}/HK.05.1-{doc}/{office_code}/{year}" in content
    assert "1/HK.05.1-NK/3502/" in content


def test_admin_changes_pattern(login, ponorogo_admin, ponorogo):
    response = login(ponorogo_admin).post(
        reverse("agreements:numbering"), {"pattern": "{seq}/KS-{doc}/{office_code}/{issuer}/{year}"}
    )
    assert response.status_code == 302
    assert NumberingPattern.objects.get(office=ponorogo).pattern.startswith("{seq}/KS-")


def test_bad_pattern_refused_with_message(login, ponorogo_admin, ponorogo):
    response = login(ponorogo_admin).post(
        reverse("agreements:numbering"), {"pattern": "{doc}/{bulan}"}
    )
    content = response.content.decode()
    assert "Pola harus memuat {seq}." in content
    assert "{doc}/{bulan}" in content
    assert not NumberingPattern.objects.exists()


def test_operator_403_anonymous_login(login, operator, client, offices):
    assert client.get(reverse("agreements:numbering")).status_code == 302
    assert login(operator).get(reverse("agreements:numbering")).status_code == 403
    assert (
        login(operator)
        .post(reverse("agreements:numbering"), {"pattern": "{seq}/{year}"})
        .status_code
        == 403
    )


def test_partner_page_lists_its_agreements_in_scope(login, operator, outsider, nk_draft, umpo):
    assert nk_draft.title in login(operator).get(umpo.get_absolute_url()).content.decode()
    assert nk_draft.title not in login(outsider).get(umpo.get_absolute_url()).content.decode()


def test_admin_menu_links_the_pattern_for_admins_of_the_current_office(
    login, ponorogo_admin, operator
):
    link = f'href="{reverse("agreements:numbering")}"'
    assert link in login(ponorogo_admin).get(reverse("home")).content.decode()
    assert link not in login(operator).get(reverse("home")).content.decode()
