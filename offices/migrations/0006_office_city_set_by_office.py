"""Office.city_set_by_office: load_offices writes a regency's capital into `city` from now on
(offices/data/offices.csv) but leaves a city an office admin chose. Cities already changed by
an admin are marked here, before the first load that brings the capitals replaces them."""

import csv
from pathlib import Path

from django.db import migrations, models

OFFICES_CSV = Path(__file__).resolve().parent.parent / "data" / "offices.csv"


def _shipped_cities() -> dict[str, str]:
    """code -> city in the data file, under a region's previous codes too."""
    if not OFFICES_CSV.exists():
        return {}
    cities = {}
    with OFFICES_CSV.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for code in [row["code"], *filter(None, row["previous_codes"].split(";"))]:
                cities[code] = row["city"]
    return cities


def _data_cities(office, shipped: dict[str, str]) -> set[str]:
    """The values load_offices has written or will write into this office's city."""
    cities = {shipped[office.code]} if office.code in shipped else set()
    if office.level == "REGENCY":
        # Until the capitals, a regency's city was its own name ("Kabupaten Mappi" -> "Mappi").
        cities.add(office.region_name.partition(" ")[2].removeprefix("Administrasi "))
    return cities


def mark_cities_set_by_office(apps, schema_editor):
    Office = apps.get_model("offices", "Office")
    shipped = _shipped_cities()
    own = []
    for office in Office.objects.only("pk", "code", "level", "region_name", "city"):
        known = _data_cities(office, shipped)
        if known and office.city not in known:
            own.append(office.pk)
    Office.objects.filter(pk__in=own).update(city_set_by_office=True)


class Migration(migrations.Migration):
    dependencies = [
        ("offices", "0005_official_lock_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="office",
            name="city_set_by_office",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Kota penandatanganan diubah oleh admin; pemuatan data kantor tidak "
                    "menimpanya dengan ibu kota dari berkas data."
                ),
                verbose_name="kota diisi kantor",
            ),
        ),
        migrations.RunPython(mark_cities_set_by_office, migrations.RunPython.noop),
    ]
