import pytest
from django.contrib.auth.models import AnonymousUser

from offices.models import Membership, Office
from tests.factories import member

pytestmark = pytest.mark.django_db


def test_scope_province_reviewer_sees_its_38_regencies(reviewer):
    visible = Office.objects.for_user(reviewer)
    regencies = visible.filter(level=Office.Level.REGENCY)
    assert regencies.count() == 38
    assert set(regencies.values_list("parent__code", flat=True)) == {"35"}
    assert visible.filter(code="35").exists()
    assert not visible.filter(code__startswith="33").exists()  # Jawa Tengah
    assert not visible.filter(level=Office.Level.NATIONAL).exists()


def test_scope_regency_operator_sees_only_its_office(operator):
    assert list(Office.objects.for_user(operator).values_list("code", flat=True)) == ["35.02"]


def test_scope_national_member_sees_every_office(ri_admin):
    assert Office.objects.for_user(ri_admin).count() == 553


def test_scope_several_memberships_union(operator, sleman):
    Membership.objects.create(user=operator, office=sleman, role=Membership.Role.OPERATOR)
    operator.refresh_from_db()
    codes = set(Office.objects.for_user(operator).values_list("code", flat=True))
    assert codes == {"35.02", "34.04"}


def test_scope_user_without_membership_sees_nothing(offices):
    from tests.factories import UserFactory

    assert not Office.objects.for_user(UserFactory()).exists()
    assert not Office.objects.for_user(AnonymousUser()).exists()


def test_scope_by_role_limits_to_admin_offices(offices):
    user = member("campuran", "35", Membership.Role.REVIEWER)
    Membership.objects.create(
        user=user, office=Office.objects.get(code="34.04"), role=Membership.Role.ADMIN
    )
    from offices.selectors import offices_administered

    assert list(offices_administered(user).values_list("code", flat=True)) == ["34.04"]
