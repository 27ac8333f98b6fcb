import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from core.spreadsheets import safe_cell
from offices.models import Office
from partners.models import Partner
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil","klik")'
HEADER = [
    "Nama",
    "Singkatan",
    "Kategori",
    "Organisasi Induk",
    "Alamat",
    "Provinsi",
    "Kabupaten/Kota",
    "Jabatan Pimpinan",
    "Nama Pimpinan",
    "Situs Web",
    "Email",
    "Telepon",
    "Didaftarkan Oleh",
    "Terafiliasi",
    "Penjelasan Afiliasi",
    "Catatan",
]


def _content(response) -> bytes:
    return b"".join(response.streaming_content)


def _xlsx_rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(_content(response))).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _csv_rows(response) -> list[list[str]]:
    text = _content(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.fixture
def universities(ponorogo):
    names = ["Universitas Merdeka Madiun", "Institut Teknologi Sepuluh Nopember", "IAIN Ponorogo"]
    for name in names:
        PartnerFactory(name=name, category=Partner.Category.UNIVERSITY)
    PartnerFactory(name="Radio Suara Ponorogo", category=Partner.Category.MEDIA)
    return sorted(names)


def test_safe_cell_prefixes_only_formula_triggers():
    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("+62 812") == "'+62 812"
    assert safe_cell("-") == "'-"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("\tx") == "'\tx"
    assert safe_cell("Universitas =") == "Universitas ="
    assert safe_cell(12) == 12
    assert safe_cell(None) is None


def test_export_xlsx_matches_the_filtered_list(login, operator, universities):
    response = login(operator).get(reverse("partners:export"), {"category": "UNIVERSITY"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="mitra-')
    assert response["Content-Disposition"].endswith('.xlsx"')
    rows = _xlsx_rows(response)
    assert rows[0] == HEADER
    assert [row[0] for row in rows[1:]] == universities


def test_export_xlsx_writes_every_column(login, operator, ponorogo, jatim):
    parent = PartnerFactory(name="Universitas Induk")
    PartnerFactory(
        name="Fakultas Hukum",
        short_name="FH",
        category=Partner.Category.UNIVERSITY,
        parent=parent,
        address="Jl. Merdeka 1",
        province=jatim,
        regency=ponorogo,
        leader_title="Dekan",
        leader_name="Dr. Contoh",
        website="https://fh.contoh.ac.id",
        email="fh@contoh.ac.id",
        phone="0352-123",
        is_affiliated=True,
        affiliation_explanation="Dekan pengurus partai",
        notes="Catatan uji",
    )
    response = login(operator).get(reverse("partners:export"), {"q": "Fakultas Hukum"})
    assert _xlsx_rows(response)[1:] == [
        [
            "Fakultas Hukum",
            "FH",
            "Perguruan Tinggi",
            "Universitas Induk",
            "Jl. Merdeka 1",
            jatim.region_name,
            ponorogo.region_name,
            "Dekan",
            "Dr. Contoh",
            "https://fh.contoh.ac.id",
            "fh@contoh.ac.id",
            "0352-123",
            "KPU Kabupaten Ponorogo",
            "Ya",
            "Dekan pengurus partai",
            "Catatan uji",
        ]
    ]


def test_export_csv_matches_the_filtered_list(login, outsider, universities):
    response = login(outsider).get(
        reverse("partners:export"), {"category": "UNIVERSITY", "format": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')
    rows = _csv_rows(response)
    assert rows[0] == HEADER
    assert [row[0] for row in rows[1:]] == universities
    assert {row[2] for row in rows[1:]} == {"Perguruan Tinggi"}
    assert {row[13] for row in rows[1:]} == {"Tidak"}


def test_export_of_an_invalid_filter_is_empty_like_the_list(login, operator, universities):
    response = login(operator).get(
        reverse("partners:export"), {"category": "WARUNG", "format": "csv"}
    )
    assert _csv_rows(response) == [HEADER]


def test_export_leaves_out_retired_partners_unless_asked(login, operator):
    survivor = PartnerFactory(name="Universitas Lama")
    PartnerFactory(name="Univ Lama", merged_into=survivor)
    client = login(operator)
    default = _csv_rows(client.get(reverse("partners:export"), {"format": "csv"}))
    everything = _csv_rows(
        client.get(reverse("partners:export"), {"format": "csv", "include_retired": "true"})
    )
    assert [row[0] for row in default[1:]] == ["Universitas Lama"]
    assert [row[0] for row in everything[1:]] == ["Univ Lama", "Universitas Lama"]


def test_export_formula_comes_back_as_text_in_xlsx(login, operator):
    PartnerFactory(name=EVIL, phone="+62 352 123", notes="=1+1")
    response = login(operator).get(reverse("partners:export"))
    sheet = load_workbook(io.BytesIO(_content(response))).active
    name, phone, notes = sheet["A2"], sheet["L2"], sheet["P2"]
    assert name.data_type == "s"
    assert name.value == "'" + EVIL
    assert phone.value == "'+62 352 123"
    assert notes.data_type == "s"
    assert notes.value == "'=1+1"
    formulas = [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


def test_export_formula_comes_back_as_text_in_csv(login, operator):
    PartnerFactory(name=EVIL, leader_name="@SUM(1)")
    rows = _csv_rows(login(operator).get(reverse("partners:export"), {"format": "csv"}))
    assert rows[1][0] == "'" + EVIL
    assert rows[1][8] == "'@SUM(1)"


def _names(content: bytes, extension: str) -> list[str]:
    if extension == "csv":
        return [row[0] for row in csv.reader(io.StringIO(content.decode("utf-8-sig")))][1:]
    sheet = load_workbook(io.BytesIO(content)).active
    return [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]


def _export(client, extension: str) -> bytes:
    response = client.get(reverse("partners:export"), {"format": extension, "q": "Lembaga"})
    return _content(response)


@pytest.mark.parametrize("extension", ["xlsx", "csv"])
def test_export_query_count_does_not_grow_with_rows(
    login, operator, jatim, ponorogo, sleman, extension, django_assert_max_num_queries
):
    client = login(operator)
    parent = PartnerFactory(name="Induk")

    def add(number: int, office: Office) -> None:
        PartnerFactory(
            name=f"Lembaga {number:02d}",
            parent=parent,
            province=jatim,
            regency=ponorogo,
            registered_by=office,
        )

    add(0, ponorogo)
    with CaptureQueriesContext(connection) as queries:
        assert _names(_export(client, extension), extension) == ["Lembaga 00"]
    for number in range(1, 30):
        add(number, sleman if number % 2 else ponorogo)
    with django_assert_max_num_queries(len(queries)):
        content = _export(client, extension)
    assert _names(content, extension) == [f"Lembaga {n:02d}" for n in range(30)]


def test_export_requires_login(client):
    response = client.get(reverse("partners:export"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_export_refuses_post(login, operator):
    assert login(operator).post(reverse("partners:export")).status_code == 405
