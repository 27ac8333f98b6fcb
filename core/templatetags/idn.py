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


@register.filter
@_blank_safe
def words(value: Any) -> str:
    """Render a number in Indonesian words."""
    return idn.number_in_words(value)


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


@register.filter
@_blank_safe
def opening_date(value: Any) -> str:
    """Render a date as the agreement opening formula."""
    return idn.opening_date(value)


@register.filter
@_blank_safe
def digits_date(value: Any) -> str:
    """Render a date as "11-09-2025"."""
    return idn.digits_date(value)


@register.filter
@_blank_safe
def rupiah(value: Any) -> str:
    """Render an amount as "Rp1.500.000,00"."""
    return idn.rupiah(value)


@register.filter
@_blank_safe
def rupiah_words(value: Any) -> str:
    """Render an amount as "Rp1.500.000,00 (satu juta lima ratus ribu rupiah)"."""
    return idn.rupiah_in_words(value)


@register.filter
@_blank_safe
def tz_label(value: Any) -> str:
    """Render an IANA time zone name as WIB/WITA/WIT."""
    return idn.timezone_label(value)


@register.filter
@_blank_safe
def duration(value: Any, unit: str = "") -> str:
    """Render a duration as "5 (lima) tahun"; the unit is the filter argument."""
    return idn.duration(value, unit).rstrip()
