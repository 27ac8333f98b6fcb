"""Date rules of an agreement beyond each field's own range (core.validators): how long a
term may run, and that a signing is not dated in the future."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.idn import long_date
from offices.access import is_national_admin
from offices.models import Office

from .models import Agreement


def max_term_years() -> int:
    """Ten years unless the deployment says otherwise (AGREEMENT_MAX_TERM_YEARS)."""
    return getattr(settings, "AGREEMENT_MAX_TERM_YEARS", 10)


def add_years(day: datetime.date, years: int) -> datetime.date:
    """`day` moved by whole years; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def check_term(agreement: Agreement, *, user, allow_long_term: bool = False) -> None:
    """A term of at most `max_term_years()` years, unless a national admin explicitly allows
    a longer one (`allow_long_term`); ValidationError on `end_date` otherwise."""
    start, end = agreement.start_date, agreement.end_date
    if start is None or end is None:
        return
    years = max_term_years()
    latest = add_years(start, years)
    if end <= latest:
        return
    if allow_long_term and is_national_admin(user):
        return
    raise ValidationError(
        {
            "end_date": _(
                "Jangka waktu paling lama %(years)s tahun: tanggal berakhir paling lambat "
                "%(latest)s. Jangka waktu yang lebih panjang hanya dapat diizinkan admin KPU RI."
            )
            % {"years": years, "latest": long_date(latest)}
        },
        code="term_too_long",
    )


def office_today(office: Office) -> datetime.date:
    """Today's date where the office is (WIB, WITA or WIT)."""
    return timezone.localdate(timezone=ZoneInfo(office.timezone))


def check_signed_on(office: Office, signed_on: datetime.date) -> None:
    """A signing is recorded on or after the day it happened, never before."""
    today = office_today(office)
    if signed_on > today:
        raise ValidationError(
            {
                "signed_on": _(
                    "Tanggal penandatanganan tidak boleh di masa depan (hari ini %(today)s "
                    "waktu %(office)s)."
                )
                % {"today": long_date(today), "office": office.name}
            },
            code="future_signing",
        )
