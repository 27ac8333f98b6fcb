import pytest
from django.urls import reverse

from offices.middleware import SESSION_KEY
from offices.models import Membership, Office

pytestmark = pytest.mark.django_db


def _login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "url",
    [
        reverse("home"),
        reverse("offices:list"),
        reverse("offices:detail", args=[1]),
        reverse("offices:update", args=[1]),
        reverse("offices:user-list"),
        reverse("offices:user-create"),
        reverse("offices:user-detail", args=[1]),
        reverse("password_change"),
    ],
)
def test_views_anonymous_redirected_to_login(client, offices, url):
    assert _login_redirect(client.get(url))


@pytest.mark.parametrize(
    "url",
    [
        reverse("offices:switch"),
        reverse("offices:membership-add", args=[1]),
        reverse("offices:user-set-active", args=[1]),
    ],
)
def test_actions_anonymous_redirected_to_login(client, offices, url):
    assert _login_redirect(client.post(url))


def test_home_shows_office_and_time_zone(login, operator):
    response = login(operator).get(reverse("home"))
    content = response.content.decode()
    assert "KPU Kabupaten Ponorogo" in content
    assert "WIB" in content
    assert "Operator" in content


def test_home_province_counts_regencies_below(login, reviewer):
    response = login(reviewer).get(reverse("home"))
    assert response.context["summary"]["regencies"] == 38


def test_home_time_zone_label_of_a_wita_office(login, offices):
    from tests.factories import member

    user = member("operator.denpasar", "51.71", Membership.Role.OPERATOR)
    content = login(user).get(reverse("home")).content.decode()
    assert "KPU Kota Denpasar" in content
    assert "WITA" in content


def test_home_wrong_method_405(login, operator):
    assert login(operator).post(reverse("home")).status_code == 405


def test_office_list_reviewer_sees_jawa_timur_only(login, reviewer):
    response = login(reviewer).get(reverse("offices:list"), {"level": "REGENCY"})
    rows = list(response.context["table"].page.object_list)
    assert response.context["paginator"].count == 38
    assert all(row.record.parent.code == "35" for row in rows)
    assert "KPU Kabupaten Ponorogo" in response.content.decode()
    assert "KPU Kabupaten Sleman" not in response.content.decode()


def test_office_list_search_by_name_and_code(login, ri_admin):
    client = login(ri_admin)
    by_name = client.get(reverse("offices:list"), {"q": "ponorogo"})
    assert [r.record.code for r in by_name.context["table"].page.object_list] == ["35.02"]
    by_code = client.get(reverse("offices:list"), {"q": "35.7"})
    assert by_code.context["paginator"].count == 9  # the nine kota of Jawa Timur


def test_office_list_filter_by_province(login, ri_admin, jatim):
    response = login(ri_admin).get(reverse("offices:list"), {"province": jatim.pk})
    assert response.context["paginator"].count == 39


def test_office_list_province_outside_scope_is_invalid_choice(login, reviewer):
    jateng = Office.objects.get(code="33")
    response = login(reviewer).get(reverse("offices:list"), {"province": jateng.pk})
    assert "province" in response.context["filter"].form.errors


def test_office_list_query_count_constant(login, ri_admin, django_assert_max_num_queries):
    client = login(ri_admin)
    with django_assert_max_num_queries(12) as few:
        one = client.get(reverse("offices:list"), {"q": "35.02"})
    assert one.status_code == 200 and "Ponorogo" in one.content.decode()
    with django_assert_max_num_queries(len(few.captured_queries)):
        many = client.get(reverse("offices:list"), {"level": "REGENCY"})
    assert many.status_code == 200 and "Kabupaten" in many.content.decode()


def test_office_detail_lists_children(login, reviewer, jatim):
    response = login(reviewer).get(reverse("offices:detail", args=[jatim.pk]))
    assert len(response.context["children"]) == 38
    assert "members" not in response.context  # a reviewer does not manage members


def test_office_detail_outsider_404(login, outsider, ponorogo):
    assert login(outsider).get(reverse("offices:detail", args=[ponorogo.pk])).status_code == 404


def test_office_detail_admin_sees_members(login, jatim_admin, operator, ponorogo):
    response = login(jatim_admin).get(reverse("offices:detail", args=[ponorogo.pk]))
    assert "operator.ponorogo" in response.content.decode()


def test_office_update_by_admin_above(login, jatim_admin, ponorogo):
    response = login(jatim_admin).post(
        reverse("offices:update", args=[ponorogo.pk]),
        {
            "city": "Ponorogo",
            "address": "Jl. Aloon-Aloon Utara",
            "phone": "",
            "email": "",
            "lock_version": ponorogo.lock_version,
        },
    )
    assert response.status_code == 302
    ponorogo.refresh_from_db()
    assert ponorogo.address == "Jl. Aloon-Aloon Utara"


def test_office_update_bad_email_keeps_input(login, jatim_admin, ponorogo):
    response = login(jatim_admin).post(
        reverse("offices:update", args=[ponorogo.pk]),
        {"city": "Ponorogo", "address": "Alamat baru", "email": "bukan-email"},
    )
    assert response.status_code == 200
    assert "Masukkan alamat email yang valid" in response.content.decode()
    assert "Alamat baru" in response.content.decode()
    ponorogo.refresh_from_db()
    assert ponorogo.address == ""


def test_office_update_wrong_role_403(login, operator, ponorogo):
    assert login(operator).get(reverse("offices:update", args=[ponorogo.pk])).status_code == 403


def test_office_update_outsider_404(login, sleman_admin, ponorogo):
    response = login(sleman_admin).get(reverse("offices:update", args=[ponorogo.pk]))
    assert response.status_code == 404


def test_switch_office_changes_current_office(login, operator, sleman):
    Membership.objects.create(user=operator, office=sleman, role=Membership.Role.OPERATOR)
    client = login(operator)
    response = client.post(reverse("offices:switch"), {"office": sleman.pk, "next": "/kantor/"})
    assert response["Location"] == "/kantor/"
    assert client.session[SESSION_KEY] == sleman.pk
    assert "KPU Kabupaten Sleman" in client.get(reverse("home")).content.decode()


def test_switch_office_not_a_member_404(login, operator, sleman):
    response = login(operator).post(reverse("offices:switch"), {"office": sleman.pk})
    assert response.status_code == 404


def test_switch_office_external_next_ignored(login, operator, ponorogo):
    response = login(operator).post(
        reverse("offices:switch"), {"office": ponorogo.pk, "next": "https://contoh.test/"}
    )
    assert response["Location"] == reverse("home")


def test_switch_office_get_405(login, operator):
    assert login(operator).get(reverse("offices:switch")).status_code == 405


def test_health_reports_database(client, db):
    assert client.get(reverse("health")).json() == {"status": "ok"}
