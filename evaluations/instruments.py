"""The evaluation instrument: the default criteria, the current version (created from the
defaults on first use), new versions by national admins, and the weighted score.

A score of 1–5 on a criterion counts as score/5 of its weight, so the weighted result runs
from 20 (every criterion 1) to 100 (every criterion 5): all 4s make 80 ("lanjutkan"), all 3s
make 60 ("lanjutkan dengan perbaikan"), all 2s make 40 ("ditinjau ulang").
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.activity import log_activity
from core.locking import STALE_EDIT
from offices.access import is_national_admin

from .models import Criterion, Instrument

CENT = Decimal("0.01")
SCORES = (1, 2, 3, 4, 5)

DEFAULT_CRITERIA: list[dict] = [
    {
        "name": "Kesesuaian dengan tugas pokok dan fungsi KPU",
        "weight": 20,
        "descriptors": [
            "Tidak berkaitan dengan penyelenggaraan Pemilu/Pemilihan.",
            "Berkaitan secara tidak langsung dan sebagian kecil kegiatan.",
            "Sebagian kegiatan mendukung tugas pokok dan fungsi KPU.",
            "Sebagian besar kegiatan mendukung tugas pokok dan fungsi KPU.",
            "Seluruh kegiatan langsung mendukung tugas pokok dan fungsi KPU.",
        ],
    },
    {
        "name": "Realisasi kegiatan yang direncanakan",
        "weight": 25,
        "descriptors": [
            "Tidak ada kegiatan yang terlaksana.",
            "Kurang dari 40% kegiatan terlaksana.",
            "40–69% kegiatan terlaksana.",
            "70–99% kegiatan terlaksana.",
            "Seluruh kegiatan terlaksana sesuai rencana.",
        ],
    },
    {
        "name": "Manfaat bagi penyelenggaraan Pemilu/Pemilihan dan masyarakat",
        "weight": 25,
        "descriptors": [
            "Tidak ada manfaat yang dapat ditunjukkan.",
            "Manfaat kecil dan tidak terukur.",
            "Manfaat nyata bagi sebagian sasaran.",
            "Manfaat nyata dan terukur bagi sebagian besar sasaran.",
            "Manfaat besar, terukur dan dirasakan luas oleh masyarakat.",
        ],
    },
    {
        "name": "Komitmen mitra",
        "weight": 15,
        "descriptors": [
            "Mitra tidak menjalankan kewajibannya.",
            "Mitra menjalankan sebagian kecil kewajibannya.",
            "Mitra menjalankan kewajiban pokoknya.",
            "Mitra menjalankan hampir seluruh kewajibannya dengan aktif.",
            "Mitra menjalankan seluruh kewajiban dan berinisiatif.",
        ],
    },
    {
        "name": "Keberlanjutan",
        "weight": 15,
        "descriptors": [
            "Tidak ada rencana tindak lanjut.",
            "Rencana tindak lanjut belum jelas.",
            "Ada rencana tindak lanjut tanpa jadwal.",
            "Ada rencana tindak lanjut terjadwal.",
            "Tindak lanjut terjadwal dan didukung sumber daya kedua pihak.",
        ],
    },
]


def current_instrument() -> Instrument:
    """The current instrument; version 1 from the defaults on first use.

    Two requests racing to create it: the loser's validation or insert fails on the version
    or one-current constraint (inside a savepoint) and it reads the winner's row instead.
    """
    found = Instrument.objects.filter(is_current=True).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return _create_version(criteria=DEFAULT_CRITERIA, user=None, note="")
    except (IntegrityError, ValidationError):
        return Instrument.objects.get(is_current=True)


def _create_version(*, criteria: list[dict], user, note: str, **fields) -> Instrument:
    last = Instrument.objects.aggregate(last=Max("version"))["last"] or 0
    Instrument.objects.filter(is_current=True).update(is_current=False)
    instrument = Instrument(version=last + 1, is_current=True, created_by=user, note=note)
    for name, value in fields.items():
        setattr(instrument, name, value)
    instrument.full_clean()
    instrument.save()
    Criterion.objects.bulk_create(
        Criterion(
            instrument=instrument,
            position=position,
            name=item["name"].strip(),
            weight=item["weight"],
            **{f"descriptor_{n}": text.strip() for n, text in enumerate(item["descriptors"], 1)},
        )
        for position, item in enumerate(criteria, start=1)
    )
    return instrument


def can_manage_instrument(user) -> bool:
    """National admins (ADMIN of KPU RI) and superusers edit the instrument."""
    return is_national_admin(user)


def _check_criteria(criteria: list[dict]) -> None:
    if not criteria:
        raise ValidationError(_("Instrumen membutuhkan sedikitnya satu kriteria."))
    for number, item in enumerate(criteria, start=1):
        if not item.get("name", "").strip():
            raise ValidationError(_("Kriteria %(n)s: nama wajib diisi.") % {"n": number})
        if len(item.get("descriptors", [])) != len(SCORES) or not all(
            text.strip() for text in item["descriptors"]
        ):
            raise ValidationError(
                _("Kriteria %(n)s: isi uraian untuk setiap skor 1–5.") % {"n": number}
            )
    total = sum(item["weight"] for item in criteria)
    if total != 100:
        raise ValidationError(
            _("Jumlah bobot harus 100%%; sekarang %(total)s%%.") % {"total": total}
        )


@transaction.atomic
def instrument_new_version(
    *,
    user,
    criteria: list[dict],
    note: str,
    grace_days: int,
    continue_from: Decimal,
    improve_from: Decimal,
    review_from: Decimal,
    lock_version: int | None = None,
) -> Instrument:
    """Save `criteria` ({name, weight, descriptors[5]}) as the next, current version.

    Evaluations already opened keep the version they were made with. `lock_version` is the
    version the form was opened on: when another admin saved a newer one meanwhile, this
    one is refused rather than silently replacing theirs (optimistic lock).
    """
    if not can_manage_instrument(user):
        raise PermissionDenied
    _check_criteria(criteria)
    current_instrument()  # version 1 exists before version 2
    current = Instrument.objects.select_for_update().filter(is_current=True).first()
    if lock_version is not None and current.version != lock_version:
        raise ValidationError(STALE_EDIT, code="stale")
    instrument = _create_version(
        criteria=criteria,
        user=user,
        note=note.strip(),
        grace_days=grace_days,
        continue_from=continue_from,
        improve_from=improve_from,
        review_from=review_from,
    )
    log_activity(
        subject=instrument,
        action="instrument.version",
        actor=user,
        message=_("Instrumen versi %(version)s berlaku. %(note)s")
        % {"version": instrument.version, "note": note.strip()},
    )
    return instrument


def weighted_score(pairs: list[tuple[int, int]]) -> Decimal:
    """The 0–100 result of (weight, score 1–5) pairs, rounded half up to two decimals."""
    total = sum(Decimal(weight) * Decimal(value) for weight, value in pairs) / Decimal(5)
    return total.quantize(CENT, rounding=ROUND_HALF_UP)
