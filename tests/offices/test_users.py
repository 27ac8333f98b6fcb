import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.models import ActivityLog
from offices import services
from offices.models import Membership

pytestmark = pytest.mark.django_db
User = get_user_model()
STRONG = "sandi-kuat-untuk-operator"


def _form(office, **extra):
    return {
        "username": "operator.baru",
        "first_name": "Siti",
        "last_name": "Aminah",
        "email": "siti@kpu.go.id",
        "office": office.pk,
        "role": Membership.Role.OPERATOR,
        "password1": STRONG,
        "password2": STRONG,
    } | extra


def test_user_create_by_province_admin_for_regency(login, jatim_admin, ponorogo):
    response = login(jatim_admin).post(reverse("offices:user-create"), _form(ponorogo))
    user = User.objects.get(username="operator.baru")
    assert response["Location"] == reverse("offices:user-detail", args=[user.pk])
    assert user.check_password(STRONG)
    assert list(user.memberships.values_list("office__code", "role")) == [("35.02", "OPERATOR")]
    assert ActivityLog.objects.filter(action="user.created", object_id=str(user.pk)).exists()


def test_user_create_short_password_refused_input_kept(login, jatim_admin, ponorogo):
    response = login(jatim_admin).post(
        reverse("offices:user-create"), _form(ponorogo, password1="pendek", password2="pendek")
    )
    assert response.status_code == 200
    assert "terlalu pendek" in response.content.decode()
    assert 'value="operator.baru"' in response.content.decode()
    assert not User.objects.filter(username="operator.baru").exists()


def test_user_create_duplicate_username_refused(login, jatim_admin, ponorogo, operator):
    response = login(jatim_admin).post(
        reverse("offices:user-create"), _form(ponorogo, username="Operator.Ponorogo")
    )
    assert "sudah dipakai" in response.content.decode()


def test_user_create_office_outside_admin_scope_refused(login, jatim_admin, sleman):
    response = login(jatim_admin).post(reverse("offices:user-create"), _form(sleman))
    assert response.status_code == 200
    assert "office" in response.context["form"].errors
    assert not User.objects.filter(username="operator.baru").exists()


def test_user_create_service_refuses_non_admin(operator, ponorogo):
    with pytest.raises(PermissionDenied):
        services.user_create(
            actor=operator, username="x", password=STRONG, office=ponorogo, role="OPERATOR"
        )


@pytest.mark.parametrize("name", ["offices:user-list", "offices:user-create"])
def test_user_pages_wrong_role_403(login, operator, name):
    assert login(operator).get(reverse(name)).status_code == 403


def test_user_list_shows_users_below(login, jatim_admin, operator, outsider):
    content = login(jatim_admin).get(reverse("offices:user-list")).content.decode()
    assert "operator.ponorogo" in content
    assert "operator.sleman" not in content


def test_user_list_query_count_constant(login, ri_admin, offices, django_assert_max_num_queries):
    from tests.factories import member

    client = login(ri_admin)
    with django_assert_max_num_queries(15) as few:
        response = client.get(reverse("offices:user-list"))
    assert response.status_code == 200 and "admin.ri" in response.content.decode()
    for n in range(30):
        member(f"op{n}", "35.02", Membership.Role.OPERATOR)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("offices:user-list"))
    assert response.status_code == 200 and "op1" in response.content.decode()


def test_user_detail_outsider_admin_404(login, sleman_admin, operator):
    response = login(sleman_admin).get(reverse("offices:user-detail", args=[operator.pk]))
    assert response.status_code == 404


def test_user_detail_wrong_role_403(login, commissioner, operator):
    response = login(commissioner).get(reverse("offices:user-detail", args=[operator.pk]))
    assert response.status_code == 403


def test_user_deactivate_and_reactivate(login, jatim_admin, operator):
    client = login(jatim_admin)
    url = reverse("offices:user-set-active", args=[operator.pk])
    client.post(url, {"active": "0", "lock_version": operator.lock_version})
    operator.refresh_from_db()
    assert not operator.is_active
    client.post(url, {"active": "1", "lock_version": operator.lock_version})
    operator.refresh_from_db()
    assert operator.is_active


def test_user_deactivate_outsider_404(login, sleman_admin, operator):
    response = login(sleman_admin).post(
        reverse("offices:user-set-active", args=[operator.pk]), {"active": "0"}
    )
    assert response.status_code == 404
    operator.refresh_from_db()
    assert operator.is_active


def test_user_deactivate_wrong_method_405(login, jatim_admin, operator):
    response = login(jatim_admin).get(reverse("offices:user-set-active", args=[operator.pk]))
    assert response.status_code == 405


def test_user_cannot_deactivate_self(jatim_admin):
    with pytest.raises(ValidationError):
        services.user_set_active(actor=jatim_admin, user=jatim_admin, active=False)


def test_membership_add_and_last_one_kept(login, jatim_admin, operator, ponorogo):
    client = login(jatim_admin)
    client.post(
        reverse("offices:membership-add", args=[operator.pk]),
        {"office": ponorogo.pk, "role": Membership.Role.COMMISSIONER, "lock_version": 1},
    )
    assert operator.memberships.count() == 2
    first, second = operator.memberships.order_by("pk")
    client.post(
        reverse("offices:membership-remove", args=[operator.pk, second.pk]), {"lock_version": 2}
    )
    response = client.post(
        reverse("offices:membership-remove", args=[operator.pk, first.pk]),
        {"lock_version": 3},
        follow=True,
    )
    assert "Peran terakhir tidak dapat dihapus" in response.content.decode()
    assert operator.memberships.count() == 1


def test_membership_add_duplicate_message(login, jatim_admin, operator, ponorogo):
    response = login(jatim_admin).post(
        reverse("offices:membership-add", args=[operator.pk]),
        {"office": ponorogo.pk, "role": Membership.Role.OPERATOR, "lock_version": 1},
        follow=True,
    )
    assert "sudah memiliki peran ini" in response.content.decode()
