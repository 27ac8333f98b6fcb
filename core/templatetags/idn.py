"""Template filters for Indonesian formatting: ``{% load idn %}``."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from functools import wraps
from typing import Any

from django import template
from django.utils import translation

from core import idn

register = template.Library()
EN_MONTHS = ("",) + tuple(calendar.month_name[1:])
EN_DAYS = tuple(calendar.day_name)


def _blank_safe(func: Callable[..., str]) -> Callable[..., str]:
    """Return "" for None/empty input or invalid values instead of raising."""

    @wraps(func)
    def wrapper(value: Any, *args: Any) -> str:
        if value is None or value == "":
            return ""
        try:
            return func(value, *args)
        except (ValueError, TypeError, ArithmeticError, AttributeError):
            return ""

    return wrapper


def _english() -> bool:
    return (translation.get_language() or "id").startswith("en")


@register.filter
@_blank_safe
def long_date(value: Any) -> str:
    """Render a date as "11 September 2025": Indonesian month names, English ones when the
    page is read in English (documents render in Indonesian, see agreements.document_layout)."""
    if _english():
        return f"{value.day} {EN_MONTHS[value.month]} {value.year}"
    return idn.long_date(value)


@register.filter
@_blank_safe
def day_long_date(value: Any) -> str:
    """Render a date as "Kamis, 11 September 2025" (in English: "Thursday, 11 September …")."""
    if _english():
        return f"{EN_DAYS[value.weekday()]}, {long_date(value)}"
    return idn.day_long_date(value)


# Filters that format through core.idn as they are: a number in Indonesian words; a date as
# the agreement opening formula or "11-09-2025"; an amount as "Rp1.500.000,00" or with its
# words "Rp1.500.000,00 (satu juta lima ratus ribu rupiah)"; an IANA time zone as WIB/WITA/WIT.
words = register.filter("words", _blank_safe(idn.number_in_words))
opening_date = register.filter("opening_date", _blank_safe(idn.opening_date))
digits_date = register.filter("digits_date", _blank_safe(idn.digits_date))
rupiah = register.filter("rupiah", _blank_safe(idn.rupiah))
rupiah_words = register.filter("rupiah_words", _blank_safe(idn.rupiah_in_words))
tz_label = register.filter("tz_label", _blank_safe(idn.timezone_label))


@register.filter
@_blank_safe
def duration(value: Any, unit: str = "") -> str:
    """Render a duration as "5 (lima) tahun"; the unit is the filter argument."""
    return idn.duration(value, unit).rstrip()
