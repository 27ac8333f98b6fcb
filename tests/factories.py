"""factory-boy factories shared by the tests."""

import factory
from django.contrib.auth import get_user_model

from offices.models import Membership, Office

PASSWORD = "kata-sandi-uji-yang-panjang"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    last_name = factory.Faker("last_name", locale="id_ID")
    email = factory.LazyAttribute(lambda u: f"{u.username}@kpu.go.id")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    office = factory.LazyFunction(lambda: Office.objects.get(code="35.02"))
    role = Membership.Role.OPERATOR


def member(username: str, office_code: str, role: str):
    """A user with one role in the office with `office_code` ("" for KPU RI)."""
    office = (
        Office.objects.get(code=office_code)
        if office_code
        else Office.objects.get(level=Office.Level.NATIONAL)
    )
    user = UserFactory(username=username)
    Membership.objects.get_or_create(user=user, office=office, role=role)
    return user
