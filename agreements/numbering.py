"""KPU numbers: a gapless counter per office, kind and year, and the office's pattern."""

import datetime

from django.db import connection
from django.utils.translation import gettext as _

from offices.models import Office

from .models import DEFAULT_NUMBER_PATTERN, Agreement, NumberCounter, NumberingPattern

ROMAN_MONTHS = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
TOKENS = ("{seq}", "{doc}", "{office_code}", "{issuer}", "{month_roman}", "{year}")


def next_sequence(*, office: Office, kind: str, year: int) -> int:
    """Take the next number in the caller's transaction.

    One statement inserts the counter or increments it, and holds the row lock until the
    transaction ends: concurrent signings queue, a rolled-back signing gives its number back.
    """
    table = NumberCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (office_id, kind, year, last) VALUES (%s, %s, %s, 1)
            ON CONFLICT (office_id, kind, year) DO UPDATE SET last = {table}.last + 1
            RETURNING last
            """,  # noqa: S608  (table name from the model, values bound)
            [office.pk, kind, year],
        )
        return cursor.fetchone()[0]


def issuer_code(office: Office, signatory_title: str) -> str:
    """KPU / KPU-Prov / KPU-Kab, or Ses-… when the Sekretaris signs."""
    level = {"NATIONAL": "", "PROVINCE": "-Prov", "REGENCY": "-Kab"}[office.level]
    if signatory_title == Agreement.SignatoryTitle.SECRETARY:
        return f"Ses{level}" if level else "Sekjen"
    return f"KPU{level}"


def pattern_for(office: Office) -> str:
    found = NumberingPattern.objects.filter(office=office).values_list("pattern", flat=True)
    return found.first() or DEFAULT_NUMBER_PATTERN


def format_number(pattern: str, *, seq: int, agreement: Agreement, signed_on: datetime.date) -> str:
    values = {
        "seq": seq,
        "doc": agreement.kind if agreement.kind != "ADDENDUM" else "ADD",
        "office_code": agreement.office.letter_code or "KPU",
        "issuer": issuer_code(agreement.office, agreement.kpu_signatory_title),
        "month_roman": ROMAN_MONTHS[signed_on.month],
        "year": signed_on.year,
    }
    return pattern.format(**values)


def validate_pattern(pattern: str) -> list[str]:
    """Indonesian problems with a pattern (empty when it is usable)."""
    problems = []
    if "{seq}" not in pattern:
        problems.append(_("Pola harus memuat {seq}."))
    if "{year}" not in pattern:
        problems.append(_("Pola harus memuat {year} agar nomor tidak berulang tiap tahun."))
    stripped = pattern
    for token in TOKENS:
        stripped = stripped.replace(token, "")
    if "{" in stripped or "}" in stripped:
        problems.append(_("Pola memuat token yang tidak dikenal."))
    return problems


def assign_kpu_number(*, agreement: Agreement, signed_on: datetime.date) -> str:
    """The next KPU number of the agreement's office, kind and signing year."""
    seq = next_sequence(office=agreement.office, kind=agreement.kind, year=signed_on.year)
    return format_number(
        pattern_for(agreement.office), seq=seq, agreement=agreement, signed_on=signed_on
    )
