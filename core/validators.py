"""Validators shared by the apps' models and forms, with Indonesian messages."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Every date a user enters (agreement dates, activity dates) lies in this range: nothing the
# app records happened before the KPU's predecessors existed or lies past the century.
EARLIEST_DATE = datetime.date(1945, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)


def validate_date_range(value: datetime.date | None) -> None:
    """Refuse a date outside 1945-01-01 … 2100-12-31 (year 1 or 9999 is a typing slip)."""
    if value is None:
        return
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            _("Tanggal harus antara 1 Januari 1945 dan 31 Desember 2100."), code="date_range"
        )


def text_limit(limit: int) -> MaxLengthValidator:
    """A length cap on a text field that is printed (a PDF renders every character)."""
    return MaxLengthValidator(
        limit,
        message=gettext_lazy(
            "Teks ini paling banyak %(limit_value)s karakter (sekarang %(show_value)s)."
        ),
    )
