"""Indonesian-language formatting helpers for numbers, dates, durations and rupiah amounts."""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from num2words import num2words

DAY_NAMES: tuple[str, ...] = (
    "Senin",
    "Selasa",
    "Rabu",
    "Kamis",
    "Jumat",
    "Sabtu",
    "Minggu",
)
MONTH_NAMES: tuple[str, ...] = (
    "",
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
TIMEZONE_LABELS: dict[str, str] = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Ujung_Pandang": "WITA",
    "Asia/Jayapura": "WIT",
}

# num2words says "satu ribu" when the thousands group is exactly 1 after a larger scale
# (1_001_000 -> "satu juta satu ribu"); the standard form is "seribu". "dua puluh satu ribu"
# and "seratus satu ribu" are correct, hence the look-behinds.
_SATU_RIBU = re.compile(r"(?<!puluh )(?<!ratus )\bsatu ribu\b")
_CENT = Decimal("0.01")


def _to_decimal(value: object) -> Decimal:
    """Convert an int/Decimal/str-able value to a finite Decimal, or raise ValueError."""
    try:
        result = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValueError(f"Not a number: {value!r}") from exc
    if not result.is_finite():
        raise ValueError(f"Not a finite number: {value!r}")
    return result


def _non_negative_int(n: object) -> int:
    """Return n as a non-negative int, raising ValueError if negative or non-integral."""
    value = n if isinstance(n, int) else _to_decimal(n)
    if value < 0:
        raise ValueError(f"Negative numbers are not supported: {n!r}")
    if value != int(value):
        raise ValueError(f"Not an integral number: {n!r}")
    return int(value)


def number_in_words(n: int) -> str:
    """Return the Indonesian words for a non-negative integer, in lower case."""
    words = num2words(_non_negative_int(n), lang="id").lower()
    return _SATU_RIBU.sub("seribu", " ".join(words.split()))


def title_words(n: int) -> str:
    """Return the Indonesian words for n with each word capitalised."""
    return " ".join(word.capitalize() for word in number_in_words(n).split())


def long_date(d: date) -> str:
    """Format a date as "11 September 2025"."""
    return f"{d.day} {MONTH_NAMES[d.month]} {d.year}"


def day_long_date(d: date) -> str:
    """Format a date as "Kamis, 11 September 2025"."""
    return f"{DAY_NAMES[d.weekday()]}, {long_date(d)}"


def opening_date(d: date) -> str:
    """Format a date as the agreement opening formula, with day and year in words."""
    return (
        f"{DAY_NAMES[d.weekday()]}, tanggal {title_words(d.day)}, "
        f"bulan {MONTH_NAMES[d.month]}, tahun {title_words(d.year)}"
    )


def digits_date(d: date) -> str:
    """Format a date as "11-09-2025"."""
    return f"{d.day:02d}-{d.month:02d}-{d.year:04d}"


def place_date(place: str, d: date) -> str:
    """Format a place and date as "Ponorogo, 11 September 2025"."""
    return f"{place}, {long_date(d)}"


def duration(n: int, unit: str) -> str:
    """Format a duration as "5 (lima) tahun"."""
    count = _non_negative_int(n)
    return f"{count} ({number_in_words(count)}) {unit}"


def _split_rupiah(amount: object) -> tuple[int, int]:
    """Split a non-negative amount into whole rupiah and sen, rounded half-up to the sen."""
    value = _to_decimal(amount).quantize(_CENT, rounding=ROUND_HALF_UP)
    if value < 0:
        raise ValueError(f"Negative amounts are not supported: {amount!r}")
    cents = int(value * 100)
    return divmod(cents, 100)


def rupiah(amount: object) -> str:
    """Format an amount as "Rp1.500.000,00"."""
    whole, sen = _split_rupiah(amount)
    return f"Rp{whole:,}".replace(",", ".") + f",{sen:02d}"


def rupiah_in_words(amount: object) -> str:
    """Format an amount as "Rp1.500,50 (seribu lima ratus rupiah lima puluh sen)"."""
    whole, sen = _split_rupiah(amount)
    parts = []
    if whole or not sen:
        parts.append(f"{number_in_words(whole)} rupiah")
    if sen:
        parts.append(f"{number_in_words(sen)} sen")
    return f"{rupiah(amount)} ({' '.join(parts)})"


def timezone_label(tzname: str) -> str:
    """Return WIB/WITA/WIT for an Indonesian IANA time zone name, else ""."""
    return TIMEZONE_LABELS.get(str(tzname or ""), "")
