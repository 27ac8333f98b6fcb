"""The signing form opens on today's date where the agreement's office is."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse

from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db
# 18:30 UTC on 4 December is already 5 December in WIB (UTC+7): Ponorogo's date.
EVENING_UTC = datetime.datetime(2026, 12, 4, 18, 30, tzinfo=datetime.UTC)


def test_sign_form_prefilled_with_the_office_date(login, operator, ponorogo):
    agreement = AgreementFactory(office=ponorogo, cleared=True)
    client = login(operator)
    with mock.patch("django.utils.timezone.now", return_value=EVENING_UTC):
        page = client.get(reverse("agreements:sign", args=[agreement.pk]))
        detail = client.get(agreement.get_absolute_url())
    assert page.context["form"].initial["signed_on"] == datetime.date(2026, 12, 5)
    assert page.context["form"].initial["signed_place"] == ponorogo.city
    assert detail.context["sign_form"].initial["signed_on"] == datetime.date(2026, 12, 5)
