import csv
from pathlib import Path

import pytest

from offices.models import Office
from offices.services import OFFICES_CSV, offices_load

pytestmark = pytest.mark.django_db


def test_load_offices_counts_national_provinces_regencies(offices):
    assert Office.objects.filter(level=Office.Level.NATIONAL).count() == 1
    assert Office.objects.filter(level=Office.Level.PROVINCE).count() == 38
    assert Office.objects.filter(level=Office.Level.REGENCY).count() == 514
    assert (
        Office.objects.filter(name__startswith="KPU Kabupaten").count()
        + Office.objects.filter(name__startswith="KIP Kabupaten").count()
        == 416
    )


def test_load_offices_ponorogo_under_jawa_timur(ponorogo):
    assert ponorogo.name == "KPU Kabupaten Ponorogo"
    assert ponorogo.parent.code == "35"
    assert ponorogo.parent.name == "KPU Provinsi Jawa Timur"
    assert ponorogo.parent.parent.level == Office.Level.NATIONAL
    assert ponorogo.city == "Ponorogo"
    assert ponorogo.letter_code == "3502"
    assert ponorogo.formal_name == "Komisi Pemilihan Umum Kabupaten Ponorogo"


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("11", "KIP Aceh"),
        ("11.06", "KIP Kabupaten Aceh Besar"),
        ("11.71", "KIP Kota Banda Aceh"),
        ("35.78", "KPU Kota Surabaya"),
        ("31.71", "KPU Kota Jakarta Pusat"),
    ],
)
def test_load_offices_names_as_kpu_uses_them(offices, code, name):
    assert Office.objects.get(code=code).name == name


@pytest.mark.parametrize(
    ("code", "timezone", "label"),
    [
        ("35", "Asia/Jakarta", "WIB"),
        ("51", "Asia/Makassar", "WITA"),
        ("51.71", "Asia/Makassar", "WITA"),
        ("91", "Asia/Jayapura", "WIT"),
        ("93.03", "Asia/Jayapura", "WIT"),
        ("64", "Asia/Makassar", "WITA"),
        ("82", "Asia/Jayapura", "WIT"),
    ],
)
def test_load_offices_time_zone_from_province(offices, code, timezone, label):
    office = Office.objects.get(code=code)
    assert office.timezone == timezone
    assert office.timezone_label == label


def _snapshot() -> list[tuple]:
    return list(
        Office.objects.order_by("pk").values_list(
            "pk", "code", "name", "parent_id", "timezone", "city", "is_active", "updated_at"
        )
    )


def test_load_offices_twice_changes_nothing(offices):
    before = _snapshot()
    result = offices_load()
    assert (result.created, result.updated, result.deactivated) == ([], [], [])
    assert _snapshot() == before


def _write_variant(tmp_path: Path, change) -> Path:
    with OFFICES_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    rows = [row for row in (change(dict(r)) for r in rows) if row is not None]
    target = tmp_path / "offices.csv"
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return target


def test_load_offices_renumbered_region_updates_in_place(offices, tmp_path):
    mappi = Office.objects.get(code="93.03")
    # Pretend the database still holds the pre-split code.
    Office.objects.filter(pk=mappi.pk).update(code="91.17", parent=Office.objects.get(code="91"))
    result = offices_load()
    mappi.refresh_from_db()
    assert mappi.code == "93.03"
    assert mappi.parent.code == "93"
    assert result.updated == ["KPU Kabupaten Mappi"]
    assert Office.objects.filter(name="KPU Kabupaten Mappi").count() == 1


def test_load_offices_missing_office_is_deactivated_not_deleted(offices, tmp_path):
    path = _write_variant(tmp_path, lambda row: None if row["code"] == "35.02" else row)
    result = offices_load(path=path)
    ponorogo = Office.objects.get(code="35.02")
    assert not ponorogo.is_active
    assert result.deactivated == ["KPU Kabupaten Ponorogo"]
    offices_load()
    ponorogo.refresh_from_db()
    assert ponorogo.is_active


def test_load_offices_renamed_office_updated(offices, tmp_path):
    def rename(row):
        if row["code"] == "35.02":
            row["name"] = "KPU Kabupaten Ponorogo Baru"
        return row

    pk = Office.objects.get(code="35.02").pk
    offices_load(path=_write_variant(tmp_path, rename))
    assert Office.objects.get(pk=pk).name == "KPU Kabupaten Ponorogo Baru"
