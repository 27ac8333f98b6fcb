import datetime
import threading

import pytest
from django.db import connection

from agreements import services
from agreements.models import Agreement, NumberingPattern, Party
from agreements.numbering import format_number, validate_pattern
from tests.files import pdf_upload


def _cleared(office, partner, n: int) -> list[Agreement]:
    agreements = []
    for i in range(n):
        agreement = Agreement.objects.create(
            office=office,
            kind="PKS",
            title=f"PKS {i}",
            divisi="PARTICIPATION",
            state=Agreement.State.CLEARED,
            start_date=datetime.date(2025, 1, 1),
            end_date=datetime.date(2026, 1, 1),
        )
        Party.objects.create(agreement=agreement, partner=partner, position=1)
        agreements.append(agreement)
    return agreements


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_signings_get_unique_consecutive_numbers(operator, ponorogo, umpo):
    agreements = _cleared(ponorogo, umpo, 20)
    barrier = threading.Barrier(20)
    errors: list[Exception] = []

    def sign(agreement):
        try:
            barrier.wait()
            services.agreement_sign(
                user=operator,
                agreement=agreement,
                signed_on=datetime.date(2025, 9, 11),
                signed_place="Ponorogo",
                partner_number_none=True,
                scan=pdf_upload(),
            )
        except Exception as error:  # noqa: BLE001 — collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(a,)) for a in agreements]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    numbers = sorted(
        int(n.split("/")[0]) for n in Agreement.objects.values_list("kpu_number", flat=True)
    )
    assert numbers == list(range(1, 21))


@pytest.mark.django_db
def test_sequence_runs_per_kind_and_year(operator, ponorogo, umpo):
    first, second = _cleared(ponorogo, umpo, 2)
    for agreement, year in ((first, 2025), (second, 2026)):
        services.agreement_sign(
            user=operator,
            agreement=agreement,
            signed_on=datetime.date(year, 3, 1),
            signed_place="Ponorogo",
            partner_number_none=True,
            scan=pdf_upload(),
        )
    numbers = set(Agreement.objects.values_list("kpu_number", flat=True))
    assert numbers == {"1/HK.05.1-PKS/3502/2025", "1/HK.05.1-PKS/3502/2026"}


@pytest.mark.django_db
def test_office_pattern_with_every_token(operator, ponorogo, umpo):
    NumberingPattern.objects.create(
        office=ponorogo, pattern="{seq}/RT.02.01-{doc}/{office_code}/{issuer}/{month_roman}/{year}"
    )
    (agreement,) = _cleared(ponorogo, umpo, 1)
    agreement.kpu_signatory_title = "SEKRETARIS"
    agreement.save()
    signed = services.agreement_sign(
        user=operator,
        agreement=agreement,
        signed_on=datetime.date(2023, 5, 2),
        signed_place="Ponorogo",
        partner_number_none=True,
        scan=pdf_upload(),
    )
    assert signed.kpu_number == "1/RT.02.01-PKS/3502/Ses-Kab/V/2023"


def test_pattern_validation_messages():
    assert validate_pattern("{seq}/{doc}/{year}") == []
    assert len(validate_pattern("{doc}/{tahun}")) == 3


@pytest.mark.django_db
def test_format_number_default(ponorogo):
    agreement = Agreement(office=ponorogo, kind="NK", kpu_signatory_title="KETUA")
    number = format_number(
        "{seq}/HK.05.1-{doc}/{office_code}/{issuer}/{year}",
        seq=7,
        agreement=agreement,
        signed_on=datetime.date(2025, 9, 11),
    )
    assert number == "7/HK.05.1-NK/3502/KPU-Kab/2025"
