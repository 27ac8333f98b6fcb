"""Factories for the partner registry tests."""

import factory

from offices.models import Office
from partners.models import Partner


class PartnerFactory(factory.django.DjangoModelFactory):
    """A partner registered by KPU Kabupaten Ponorogo unless told otherwise."""

    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Lembaga Mitra Nomor {n:05d}")
    category = Partner.Category.OTHER
    registered_by = factory.LazyFunction(lambda: Office.objects.get(code="35.02"))
