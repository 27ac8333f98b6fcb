"""The rules each row of a partner import file must pass, checked for the whole file at once.

Every error is collected with its row number (as Excel shows it) and column, so the user fixes
the file in one go. Two queries per file and one per 100 rows, whatever the file holds.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from offices.models import Office

from .import_files import COLUMNS_BY_KEY
from .models import Partner
from .names import normalize_name

PROGRESS_EVERY = 100
PREVIEW_ROWS = 20
MAX_STORED_ERRORS = 1000
# Checked by our own rules (codes, duplicates) or not part of an import row.
NOT_CLEANED = (
    "province",
    "regency",
    "registered_by",
    "parent",
    "merged_into",
    "independence_statement",
)
# Model fields whose errors belong to another column of the file.
COLUMN_OF_FIELD = {"normalized_name": "name"}


class _Lookups:
    """Offices by code and categories by label, loaded once per file (two queries)."""

    def __init__(self):
        offices = list(Office.objects.exclude(code=""))
        self.offices = {office.code: office for office in offices}
        self.office_by_pk = {office.pk: office for office in offices}
        self.categories = {}
        for language in (translation.get_language(), "id"):
            with translation.override(language):
                for value, label in Partner.Category.choices:
                    self.categories[str(label).casefold()] = value
                    self.categories[value.casefold()] = value


def _quoted(text: str, limit: int = 60) -> str:
    """A cell's text as quoted in a message: short, so 1,000 stored errors stay small."""
    return text if len(text) <= limit else text[:limit] + "…"


def _category(text: str, lookups: _Lookups, errors: list) -> str:
    if not text:
        errors.append(("category", _("Kategori wajib diisi.")))
        return ""
    value = lookups.categories.get(" ".join(text.split()).casefold())
    if value is None:
        errors.append(
            (
                "category",
                _("Kategori “%(text)s” tidak dikenal; lihat lembar Petunjuk.")
                % {"text": _quoted(text)},
            )
        )
    return value or ""


def _office(code: str, level: str, lookups: _Lookups) -> Office | None:
    office = lookups.offices.get(code)
    return office if office is not None and office.level == level else None


def _regions(values: dict, lookups: _Lookups, errors: list) -> tuple[Office | None, Office | None]:
    province_code, regency_code = values["province_code"], values["regency_code"]
    province = _office(province_code, Office.Level.PROVINCE, lookups) if province_code else None
    regency = _office(regency_code, Office.Level.REGENCY, lookups) if regency_code else None
    if province_code and province is None:
        message = _("Kode provinsi “%(code)s” tidak dikenal (contoh: 35 untuk Jawa Timur).")
        errors.append(("province_code", message % {"code": _quoted(province_code)}))
    if regency_code and regency is None:
        message = _("Kode kabupaten/kota “%(code)s” tidak dikenal (contoh: 35.02).")
        errors.append(("regency_code", message % {"code": _quoted(regency_code)}))
    elif regency and province and regency.parent_id != province.pk:
        message = _("%(regency)s tidak berada di provinsi %(province)s.")
        names = {"regency": regency.region_name, "province": province.region_name}
        errors.append(("regency_code", message % names))
    elif regency and not province_code:
        province = lookups.office_by_pk.get(regency.parent_id)
    return province, regency


def _affiliation(values: dict, errors: list) -> bool:
    answer = values["is_affiliated"].casefold()
    if answer not in ("", "ya", "tidak"):
        errors.append(("is_affiliated", _("Isi Ya atau Tidak, atau kosongkan.")))
    affiliated = answer == "ya"
    if affiliated and not values["affiliation_explanation"]:
        message = _("Wajib diisi bila Terafiliasi = Ya.")
        errors.append(("affiliation_explanation", message))
    return affiliated


def _with_scheme(url: str) -> str:
    return f"https://{url}" if url and "://" not in url else url


def check_row(values: dict, lookups: _Lookups) -> tuple[Partner, list[tuple[str, str]]]:
    """An unsaved Partner from one row and its errors as (column key, message)."""
    errors: list[tuple[str, str]] = []
    if not normalize_name(values["name"]):
        errors.append(("name", _("Nama wajib diisi.")))
    category = _category(values["category"], lookups, errors)
    province, regency = _regions(values, lookups, errors)
    affiliated = _affiliation(values, errors)
    fields = ("name", "short_name", "address", "leader_title", "leader_name", "email", "phone")
    partner = Partner(
        **{name: values[name] for name in fields},
        category=category,
        province=province,
        regency=regency,
        website=_with_scheme(values["website"]),
        notes=values["notes"],
        is_affiliated=affiliated,
        affiliation_explanation=values["affiliation_explanation"],
    )
    partner.normalized_name = normalize_name(partner.name)
    # The model's own validators (lengths, email, URL) speak for the remaining columns.
    skip = {key for key, _message in errors} | set(NOT_CLEANED)
    try:
        partner.full_clean(exclude=skip, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            column = COLUMN_OF_FIELD.get(key, key)
            if column not in {reported for reported, _message in errors}:
                errors.append((column, messages[0]))
    return partner, errors


@dataclass
class CheckedFile:
    """The outcome of checking every row of a file."""

    total: int = 0
    error_count: int = 0
    errors: list[dict] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)
    partners: list[Partner] = field(default_factory=list)

    def add(self, number: int, partner: Partner, errors: list[tuple[str, str]]) -> None:
        self.total += 1
        self.error_count += len(errors)
        for key, message in errors:
            if len(self.errors) < MAX_STORED_ERRORS:
                column = COLUMNS_BY_KEY.get(key)
                label = column.label if column else key
                self.errors.append({"row": number, "column": label, "message": str(message)})
        if not errors and len(self.preview) < PREVIEW_ROWS:
            self.preview.append(_preview(number, partner))
        self.partners.append(partner)


def _preview(number: int, partner: Partner) -> dict:
    region = partner.regency or partner.province
    return {
        "row": number,
        "name": partner.name,
        "short_name": partner.short_name,
        "category": str(partner.get_category_display()),
        "region": region.region_name if region else "",
        "email": partner.email,
        "is_affiliated": partner.is_affiliated,
    }


def _chunks(rows: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _registered(chunk: list) -> dict[str, str]:
    """Normalised name → registered name, for the active partners this chunk repeats."""
    names = {normalize_name(values["name"]) for _number, values in chunk} - {""}
    matches = Partner.objects.active().filter(normalized_name__in=names)
    return dict(matches.values_list("normalized_name", "name"))


def check_rows(rows: Iterable, *, progress: Callable[[int], None] | None = None) -> CheckedFile:
    """Check every row, collecting all errors; duplicates in the file and in the registry."""
    lookups, checked, first_seen = _Lookups(), CheckedFile(), {}
    for chunk in _chunks(rows, PROGRESS_EVERY):
        registered = _registered(chunk)
        for number, values in chunk:
            partner, errors = check_row(values, lookups)
            key = partner.normalized_name
            if key and key in first_seen:
                message = _("Nama sama dengan baris %(row)s di berkas ini.")
                errors.append(("name", message % {"row": first_seen[key]}))
            elif key in registered:
                message = _("Sudah terdaftar di registri mitra sebagai “%(name)s”.")
                errors.append(("name", message % {"name": registered[key]}))
            first_seen.setdefault(key, number)
            checked.add(number, partner, errors)
        if progress:
            progress(checked.total)
    return checked
