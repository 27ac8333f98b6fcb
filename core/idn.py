"""Indonesian-language formatting helpers for numbers, dates, durations and rupiah amounts."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
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


def _months_between(start: date, after_end: date) -> tuple[int, int]:
    """Whole months from `start` to `after_end` and the days left over."""
    months = (after_end.year - start.year) * 12 + after_end.month - start.month
    while months > 0 and add_months(start, months) > after_end:
        months -= 1
    return months, (after_end - add_months(start, months)).days


def add_months(day: date, months: int) -> date:
    """`day` moved by `months` calendar months (negative: back), clamped to the month's last
    day: 31 January + 1 month = 28 February."""
    years, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month_index + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def term_words(start: date, end: date) -> str:
    """A term from `start` to `end` (both days included) in years and months, as agreements
    write it: "2 (dua) tahun", "1 (satu) tahun 6 (enam) bulan"; days only for a term
    shorter than a month ("14 (empat belas) hari"), or for the days left over after whole
    months ("1 (satu) bulan 10 (sepuluh) hari"), so the words never say less than the dates.
    A term ending the day before its anniversary, or on it, is whole years."""
    if end < start:
        raise ValueError(f"End before start: {start} – {end}")
    months, days = _months_between(start, end + timedelta(days=1))
    if days and _months_between(start, end)[1] == 0:
        months, days = _months_between(start, end)
    if months == 0:
        return duration(days, "hari")
    years, months = divmod(months, 12)
    parts = [duration(years, "tahun")] if years else []
    if months:
        parts.append(duration(months, "bulan"))
    if days:
        parts.append(duration(days, "hari"))
    return " ".join(parts)
