"""KPU numbers: a gapless counter per office, kind and year, and the office's pattern."""

import datetime
from string import Formatter

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from core.activity import log_activity
from core.locking import check_lock_version
from offices.models import Office

from .models import DEFAULT_NUMBER_PATTERN, Agreement, NumberCounter, NumberingPattern

ROMAN_MONTHS = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
TOKENS = ("{seq}", "{doc}", "{office_code}", "{issuer}", "{month_roman}", "{year}")
TOKEN_NAMES = tuple(token.strip("{}") for token in TOKENS)
NUMBER_MAX_LENGTH = Agreement._meta.get_field("kpu_number").max_length


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
            """,  # noqa: S608  (table name from the model, values bound)  # nosec B608
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


def pattern_version(office: Office) -> int:
    """The version the pattern form of `office` is opened with; 0 while no pattern is saved."""
    found = NumberingPattern.objects.filter(office=office).values_list("lock_version", flat=True)
    return found.first() or 0


@transaction.atomic
def numbering_pattern_save(
    *, office: Office, pattern: str, user, lock_version: int | None = None
) -> NumberingPattern:
    """Set the KPU number pattern of `office` (its admins, see views) and log it. Refused when
    the pattern is unusable, or when its form was opened before someone else saved one
    (`lock_version`; 0 stands for "none saved yet")."""
    problems = validate_pattern(pattern)
    if problems:
        raise ValidationError(problems)
    # A missing row is created at version 0 under the same lock, so two first saves from
    # forms opened on the default pattern queue on it and the later one is stale.
    stored, _created = NumberingPattern.objects.select_for_update().get_or_create(
        office=office, defaults={"lock_version": 0}
    )
    check_lock_version(stored, lock_version)
    stored.pattern = pattern
    stored.lock_version += 1
    stored.full_clean()
    stored.save()
    log_activity(
        subject=office,
        action="numbering.changed",
        actor=user,
        message=_("Pola nomor diubah menjadi %(pattern)s.") % {"pattern": pattern},
    )
    return stored


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


def _field_names(pattern: str) -> list[str]:
    """The replacement fields of `pattern` as written ("seq", "ye{doc", "seq:>5"…);
    ValueError when its braces do not pair up."""
    names = []
    for _literal, name, spec, conversion in Formatter().parse(pattern):
        if name is not None:
            names.append(
                name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            )
    return names


def _samples():
    """An agreement of every kind, signatory and office level, signed in every month."""
    for level, code in (("NATIONAL", ""), ("PROVINCE", "35"), ("REGENCY", "35.02")):
        office = Office(level=level, code=code)
        for kind in Agreement.Kind.values:
            for title in Agreement.SignatoryTitle.values:
                sample = Agreement(office=office, kind=kind, kpu_signatory_title=title)
                for month in range(1, 13):
                    yield sample, datetime.date(2100, month, 28)


def validate_pattern(pattern: str) -> list[str]:
    """Indonesian problems with a pattern (empty when it is usable).

    Usable means: its braces pair up, it names only the known tokens (no format spec,
    conversion, index or attribute), it holds {seq} and {year}, and a number formatted from
    it for every kind, signatory and month fits the number field.
    """
    try:
        names = _field_names(pattern)
    except ValueError:
        return [
            _(
                "Kurung kurawal pada pola tidak berpasangan atau bersarang. Tulis token persis "
                "seperti {seq}; untuk kurung kurawal biasa tulis {{ atau }}."
            )
        ]
    problems = []
    if "seq" not in names:
        problems.append(_("Pola harus memuat {seq}."))
    if "year" not in names:
        problems.append(_("Pola harus memuat {year} agar nomor tidak berulang tiap tahun."))
    unknown = [name for name in names if name not in TOKEN_NAMES]
    if unknown:
        problems.append(
            _("Pola memuat token yang tidak dikenal: %(tokens)s. Token yang dikenal: %(known)s.")
            % {
                "tokens": ", ".join("{" + name + "}" for name in dict.fromkeys(unknown)),
                "known": " ".join(TOKENS),
            }
        )
    if problems:
        return problems
    longest = max(
        len(format_number(pattern, seq=999_999, agreement=sample, signed_on=day))
        for sample, day in _samples()
    )
    if longest > NUMBER_MAX_LENGTH:
        problems.append(
            _("Nomor dari pola ini bisa mencapai %(length)s karakter; batasnya %(limit)s.")
            % {"length": longest, "limit": NUMBER_MAX_LENGTH}
        )
    return problems


def assign_kpu_number(*, agreement: Agreement, signed_on: datetime.date) -> str:
    """The next KPU number of the agreement's office, kind and signing year."""
    pattern = pattern_for(agreement.office)
    if validate_pattern(pattern):
        # Stored before patterns were checked by formatting them; never guess a number.
        raise ValidationError(
            _(
                "Pola nomor KPU kantor ini tidak dapat dipakai. Minta admin kantor "
                "memperbaikinya di halaman Pola nomor, lalu catat penandatanganan lagi."
            ),
            code="bad_pattern",
        )
    seq = next_sequence(office=agreement.office, kind=agreement.kind, year=signed_on.year)
    return format_number(pattern, seq=seq, agreement=agreement, signed_on=signed_on)
