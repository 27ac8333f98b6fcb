from datetime import date
from decimal import Decimal

import pytest

from core import idn
from core.templatetags import idn as idn_filters

THURSDAY = date(2025, 9, 11)


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (0, "nol"),
        (11, "sebelas"),
        (100, "seratus"),
        (1_000, "seribu"),
        (1_000_000, "satu juta"),
        (1_000_000_000, "satu miliar"),
        (1_000_000_000_000, "satu triliun"),
        (2025, "dua ribu dua puluh lima"),
    ],
)
def test_number_in_words_official_forms(number, expected):
    assert idn.number_in_words(number) == expected


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1_001_000, "satu juta seribu"),
        (1_000_001_000, "satu miliar seribu"),
        (21_000, "dua puluh satu ribu"),
        (101_000, "seratus satu ribu"),
    ],
)
def test_number_in_words_normalises_satu_ribu(number, expected):
    assert idn.number_in_words(number) == expected


def test_number_in_words_accepts_integral_decimal():
    assert idn.number_in_words(Decimal("12.00")) == "dua belas"


@pytest.mark.parametrize("bad", [-1, Decimal(-5), Decimal("1.5"), "abc"])
def test_number_in_words_rejects_invalid(bad):
    with pytest.raises(ValueError):
        idn.number_in_words(bad)


def test_title_words_capitalises_each_word():
    assert idn.title_words(2025) == "Dua Ribu Dua Puluh Lima"
    assert idn.title_words(11) == "Sebelas"


def test_opening_date_agreement_formula():
    assert idn.opening_date(THURSDAY) == (
        "Kamis, tanggal Sebelas, bulan September, tahun Dua Ribu Dua Puluh Lima"
    )


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (8, "Senin"),
        (9, "Selasa"),
        (10, "Rabu"),
        (11, "Kamis"),
        (12, "Jumat"),
        (13, "Sabtu"),
        (14, "Minggu"),
    ],
)
def test_day_long_date_every_weekday(day, name):
    assert idn.day_long_date(date(2025, 9, day)) == f"{name}, {day} September 2025"


def test_long_date_single_digit_day_has_no_leading_zero():
    assert idn.long_date(date(2025, 9, 1)) == "1 September 2025"


def test_long_date_uses_indonesian_month_names():
    assert [idn.long_date(date(2025, m, 1)).split()[1] for m in range(1, 13)] == list(
        idn.MONTH_NAMES[1:]
    )
    assert idn.MONTH_NAMES[0] == ""


def test_digits_date_zero_padded():
    assert idn.digits_date(date(2025, 9, 1)) == "01-09-2025"
    assert idn.digits_date(THURSDAY) == "11-09-2025"


def test_place_date_prefixes_place():
    assert idn.place_date("Ponorogo", THURSDAY) == "Ponorogo, 11 September 2025"


@pytest.mark.parametrize(
    ("n", "unit", "expected"),
    [
        (5, "tahun", "5 (lima) tahun"),
        (6, "bulan", "6 (enam) bulan"),
        (30, "hari", "30 (tiga puluh) hari"),
    ],
)
def test_duration_number_and_words(n, unit, expected):
    assert idn.duration(n, unit) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (1_500_000, "Rp1.500.000,00"),
        (Decimal("1500.50"), "Rp1.500,50"),
        (0, "Rp0,00"),
        (1_000_000_000, "Rp1.000.000.000,00"),
        ("2500", "Rp2.500,00"),
        (Decimal("0.005"), "Rp0,01"),
        (Decimal("999.995"), "Rp1.000,00"),
    ],
)
def test_rupiah_official_format(amount, expected):
    assert idn.rupiah(amount) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (1_500_000, "Rp1.500.000,00 (satu juta lima ratus ribu rupiah)"),
        (Decimal("1500.50"), "Rp1.500,50 (seribu lima ratus rupiah lima puluh sen)"),
        (0, "Rp0,00 (nol rupiah)"),
        (1_000_000_000, "Rp1.000.000.000,00 (satu miliar rupiah)"),
        (Decimal("0.25"), "Rp0,25 (dua puluh lima sen)"),
    ],
)
def test_rupiah_in_words_amount_and_words(amount, expected):
    assert idn.rupiah_in_words(amount) == expected


@pytest.mark.parametrize("func", [idn.rupiah, idn.rupiah_in_words])
@pytest.mark.parametrize("amount", [-1, Decimal("-0.50"), "-1000"])
def test_rupiah_negative_raises(func, amount):
    with pytest.raises(ValueError):
        func(amount)


@pytest.mark.parametrize(
    ("tzname", "label"),
    [
        ("Asia/Jakarta", "WIB"),
        ("Asia/Pontianak", "WIB"),
        ("Asia/Makassar", "WITA"),
        ("Asia/Jayapura", "WIT"),
        ("Europe/London", ""),
        ("", ""),
    ],
)
def test_timezone_label_indonesian_zones(tzname, label):
    assert idn.timezone_label(tzname) == label


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("words", 11, "sebelas"),
        ("long_date", THURSDAY, "11 September 2025"),
        ("day_long_date", THURSDAY, "Kamis, 11 September 2025"),
        ("opening_date", THURSDAY, idn.opening_date(THURSDAY)),
        ("digits_date", THURSDAY, "11-09-2025"),
        ("rupiah", 1_500_000, "Rp1.500.000,00"),
        ("rupiah_words", 0, "Rp0,00 (nol rupiah)"),
        ("tz_label", "Asia/Makassar", "WITA"),
    ],
)
def test_filters_delegate_to_helpers(name, value, expected):
    assert getattr(idn_filters, name)(value) == expected


def test_filters_duration_takes_unit_argument():
    assert idn_filters.duration(5, "tahun") == "5 (lima) tahun"


@pytest.mark.parametrize(
    "name",
    [
        "words",
        "long_date",
        "day_long_date",
        "opening_date",
        "digits_date",
        "rupiah",
        "rupiah_words",
        "tz_label",
        "duration",
    ],
)
@pytest.mark.parametrize("value", [None, ""])
def test_filters_blank_input_returns_empty(name, value):
    assert getattr(idn_filters, name)(value) == ""
    assert name in idn_filters.register.filters


def test_filters_invalid_input_returns_empty():
    assert idn_filters.rupiah(-5) == ""
    assert idn_filters.words("abc") == ""


def test_filters_render_in_template():
    from django.template import Context, Engine

    engine = Engine(libraries={"idn": "core.templatetags.idn"})
    template = engine.from_string(
        '{% load idn %}{{ d|opening_date }}|{{ 5|duration:"tahun" }}|{{ a|rupiah }}|{{ n|words }}'
    )
    rendered = template.render(Context({"d": THURSDAY, "a": Decimal("1500.50"), "n": None}))
    assert rendered == (
        "Kamis, tanggal Sebelas, bulan September, tahun Dua Ribu Dua Puluh Lima"
        "|5 (lima) tahun|Rp1.500,50|"
    )
