"""The agreement list: scope, every filter, the Excel export and constant query counts."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from agreements.models import Agreement, Party
from partners.models import Partner

LIST = reverse("agreements:list")
EXPORT = reverse("agreements:export")
DAY = datetime.timedelta(days=1)


def make_partner(office, name: str, category: str = "UNIVERSITY") -> Partner:
    partner = Partner(name=name, category=category, registered_by=office)
    partner.save()
    return partner


def make_agreement(office, title: str, *, partners=(), number: str = "", **fields) -> Agreement:
    """A signed PKS running from 100 days ago to a year ahead unless `fields` say otherwise."""
    today = timezone.localdate()
    values = {
        "kind": "PKS",
        "divisi": "PARTICIPATION",
        "state": Agreement.State.SIGNED,
        "start_date": today - 100 * DAY,
        "end_date": today + 365 * DAY,
        "signed_on": today - 100 * DAY,
    } | fields
    agreement = Agreement.objects.create(
        office=office,
        title=title,
        kpu_number=number,
        search_document=" ".join([title, number, *(p.name for p in partners)]),
        **values,
    )
    for position, partner in enumerate(partners, start=1):
        Party.objects.create(agreement=agreement, partner=partner, position=position)
    return agreement


def listed(client, **params) -> set[str]:
    response = client.get(LIST, params)
    assert response.status_code == 200
    return {row.record.title for row in response.context["table"].page.object_list}


@pytest.fixture
def unmuh(ponorogo) -> Partner:
    return make_partner(ponorogo, "Universitas Muhammadiyah Ponorogo")


@pytest.fixture
def polres(ponorogo) -> Partner:
    return make_partner(ponorogo, "Kepolisian Resor Ponorogo", category="SECURITY")


@pytest.fixture
def education(ponorogo, unmuh) -> Agreement:
    return make_agreement(
        ponorogo,
        "Pendidikan pemilih bagi mahasiswa",
        partners=[unmuh],
        number="1/HK.05.1-PKS/3502/2025",
        partner_number="045/UMP/2025",
        scope=["VOTER_EDUCATION", "RESEARCH"],
    )


@pytest.fixture
def security(ponorogo, polres) -> Agreement:
    return make_agreement(
        ponorogo,
        "Pengamanan gudang logistik",
        partners=[polres],
        number="2/HK.05.1-PKS/3502/2025",
        scope=["SECURITY"],
        kind="NK",
        start_date=datetime.date(2023, 3, 1),
        end_date=timezone.localdate() + 400 * DAY,
        signed_on=datetime.date(2023, 3, 1),
    )


@pytest.fixture
def sleman_agreement(sleman) -> Agreement:
    partner = make_partner(sleman, "Universitas Gadjah Mada")
    return make_agreement(sleman, "Riset partisipasi pemilih Sleman", partners=[partner])


def test_list_operator_sees_own_agreements_with_partners(education, security, operator, login):
    response = login(operator).get(LIST)

    assert listed(login(operator)) == {education.title, security.title}
    content = response.content.decode()
    assert "Universitas Muhammadiyah Ponorogo" in content
    assert education.kpu_number in content
    assert reverse("agreements:detail", args=[education.pk]) in content
    assert "Buat draf" in content
    assert reverse("agreements:create") in content


def test_list_reviewer_sees_regencies_of_province_not_others(
    education, sleman_agreement, reviewer, login
):
    response = login(reviewer).get(LIST)

    assert listed(login(reviewer)) == {education.title}
    assert "Buat draf" not in response.content.decode()  # a reviewer drafts nothing


def test_list_outsider_sees_none_of_ponorogo(education, sleman_agreement, outsider, login):
    assert listed(login(outsider)) == {sleman_agreement.title}
    assert listed(login(outsider), q="pemilih") == {sleman_agreement.title}


def test_list_commissioner_has_no_create_button(education, commissioner, login):
    response = login(commissioner).get(LIST)

    assert education.title in response.content.decode()
    assert "Buat draf" not in response.content.decode()


def test_list_anonymous_redirected_to_login(client):
    response = client.get(LIST)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client.get(EXPORT)["Location"].startswith(reverse("login"))


def test_list_wrong_method_405(operator, login):
    assert login(operator).post(LIST).status_code == 405
    assert login(operator).post(EXPORT).status_code == 405


def test_list_filter_kind_and_state(education, security, ponorogo, operator, login):
    draft = make_agreement(ponorogo, "Draf sosialisasi", state="DRAFT", signed_on=None)
    client = login(operator)

    assert listed(client, kind="NK") == {security.title}
    assert listed(client, kind="PKS") == {education.title, draft.title}
    assert listed(client, state="DRAFT") == {draft.title}
    assert listed(client, state="SIGNED") == {education.title, security.title}


def test_list_filter_time_status_boundaries(ponorogo, operator, login):
    today = timezone.localdate()
    start = today - 400 * DAY
    at_90 = make_agreement(ponorogo, "Tepat 90 hari", start_date=start, end_date=today + 90 * DAY)
    at_91 = make_agreement(ponorogo, "Masih 91 hari", start_date=start, end_date=today + 91 * DAY)
    ends_today = make_agreement(ponorogo, "Berakhir hari ini", start_date=start, end_date=today)
    ended = make_agreement(ponorogo, "Berakhir kemarin", start_date=start, end_date=today - DAY)
    upcoming = make_agreement(
        ponorogo, "Belum mulai", start_date=today + DAY, end_date=today + 500 * DAY
    )
    client = login(operator)

    assert listed(client, time_status="EXPIRING") == {at_90.title, ends_today.title}
    assert listed(client, time_status="EXPIRED") == {ended.title}
    assert listed(client, time_status="ACTIVE") == {at_91.title}
    assert listed(client, time_status="UPCOMING") == {upcoming.title}


def test_list_time_status_badge_in_indonesian(ponorogo, operator, login):
    today = timezone.localdate()
    make_agreement(ponorogo, "Segera habis", end_date=today + 10 * DAY)

    content = login(operator).get(LIST).content.decode()

    assert "Segera berakhir" in content


def test_list_filter_expiring_within(ponorogo, operator, login):
    today = timezone.localdate()
    soon = make_agreement(ponorogo, "Tiga puluh hari", end_date=today + 30 * DAY)
    later = make_agreement(ponorogo, "Enam puluh hari", end_date=today + 60 * DAY)
    make_agreement(ponorogo, "Sudah lewat", start_date=today - 90 * DAY, end_date=today - DAY)
    make_agreement(
        ponorogo, "Draf berakhir", state="DRAFT", signed_on=None, end_date=today + 5 * DAY
    )
    client = login(operator)

    assert listed(client, expiring_within=30) == {soon.title}
    assert listed(client, expiring_within=60) == {soon.title, later.title}
    assert listed(client, expiring_within=-1) == set()  # invalid input: nothing, not everything


def test_list_filter_partner_and_category_without_duplicates(
    education, security, ponorogo, unmuh, polres, operator, login
):
    both = make_agreement(ponorogo, "Bersama dua mitra", partners=[unmuh, polres])
    client = login(operator)

    assert listed(client, partner=unmuh.pk) == {education.title, both.title}
    response = client.get(LIST, {"partner_category": "UNIVERSITY"})
    titles = [row.record.title for row in response.context["table"].page.object_list]
    assert sorted(titles) == sorted([education.title, both.title])
    assert response.context["table"].paginator.count == 2
    assert "Universitas Muhammadiyah Ponorogo" in response.content.decode()  # the chip


def test_list_filter_scope_divisi_year_office(education, security, operator, ponorogo, login):
    client = login(operator)

    assert listed(client, scope="RESEARCH") == {education.title}
    assert listed(client, scope="SECURITY") == {security.title}
    assert listed(client, divisi="PARTICIPATION") == {education.title, security.title}
    assert listed(client, divisi="LAW") == set()
    assert listed(client, year=2023) == {security.title}
    assert listed(client, year=education.start_date.year) == {education.title}
    assert listed(client, office=ponorogo.pk) == {education.title, security.title}


def test_list_office_choices_limited_to_scope(education, sleman, outsider, login):
    client = login(outsider)

    offices = client.get(LIST).context["filter"].form.fields["office"].queryset
    assert list(offices) == [sleman]
    assert listed(client, office=education.office_id) == set()  # not a choice: nothing


def test_list_search_full_text_with_stemming(education, security, operator, login):
    client = login(operator)

    assert listed(client, q="pemilih") == {education.title}
    assert listed(client, q="memilih") == {education.title}  # same stem as "pemilih"
    assert listed(client, q="muhammadiyah") == {education.title}  # partner name
    assert listed(client, q="045/UMP") == {education.title}  # partner number, substring
    assert listed(client, q="2/HK.05.1") == {security.title}  # KPU number, substring
    assert listed(client, q="pemilih -mahasiswa") == set()  # web-search syntax


def _export(client, **params):
    response = client.get(EXPORT, params)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(workbook.active.iter_rows(values_only=True))


def _day(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def test_export_equals_filtered_rows(education, security, sleman_agreement, reviewer, login):
    rows = _export(login(reviewer), kind="PKS")

    assert rows[0] == (
        "Nomor KPU",
        "Nomor Mitra",
        "Jenis",
        "Tentang",
        "Mitra",
        "Kantor",
        "Status",
        "Status Waktu",
        "Mulai",
        "Berakhir",
        "Berakhir Efektif",
        "Ruang Lingkup",
        "Divisi",
        "Tanggal Tanda Tangan",
        "Dicatat Tanpa Verifikasi",
    )
    assert len(rows) == 2
    row = rows[1]
    assert row[:8] == (
        education.kpu_number,
        "045/UMP/2025",
        "Perjanjian Kerja Sama",
        education.title,
        "Universitas Muhammadiyah Ponorogo",
        "KPU Kabupaten Ponorogo",
        "Ditandatangani",
        "Berlaku",
    )
    assert [_day(v) for v in row[8:11]] == [
        education.start_date,
        education.end_date,
        education.end_date,
    ]
    assert row[11] == "Pendidikan pemilih, Riset"
    assert row[12].startswith("Sosialisasi, Pendidikan Pemilih")
    assert _day(row[13]) == education.signed_on
    assert row[14] == "Tidak"


def test_export_unfiltered_is_scoped(education, security, sleman_agreement, outsider, login):
    rows = _export(login(outsider))

    assert [row[3] for row in rows[1:]] == [sleman_agreement.title]


def test_export_cells_are_formula_safe(ponorogo, operator, login):
    formula = '=HYPERLINK("http://jahat.example","klik")'
    make_agreement(ponorogo, formula, registered_without_review=True)

    rows = _export(login(operator))

    assert rows[1][3] == "'" + formula
    assert rows[1][14] == "Ya"


def _many(ponorogo, count: int) -> None:
    partners = [make_partner(ponorogo, f"Mitra Uji {n}") for n in range(3)]
    for n in range(count):
        make_agreement(
            ponorogo, f"Kerja sama {n}", partners=partners[: 1 + n % 3], number=f"{n}/PKS/2025"
        )


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", [LIST, EXPORT])
def test_list_and_export_query_count_constant(
    url, ponorogo, operator, login, django_assert_num_queries
):
    client = login(operator)
    _many(ponorogo, 1)
    client.get(url)  # warm caches (content types, session) before measuring
    for_one = _count_queries(client, url)
    Agreement.objects.all().delete()
    _many(ponorogo, 30)

    with django_assert_num_queries(for_one):
        response = client.get(url)
    assert response.status_code == 200
    if url == LIST:
        rows = response.context["table"].page.object_list
        assert len(rows) == 25
        assert all(row.record.title in response.content.decode() for row in rows)
    else:
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        titles = {cell.value for row in workbook.active.iter_rows() for cell in row}
        assert {f"Kerja sama {n}" for n in range(30)} <= titles


def test_list_flags_and_filters_agreements_without_follow_up(login, operator, ponorogo):
    def signed_nk(title: str, signed_on: datetime.date) -> Agreement:
        return Agreement.objects.create(
            office=ponorogo,
            kind="NK",
            title=title,
            divisi="PARTICIPATION",
            state="SIGNED",
            start_date=signed_on,
            end_date=signed_on.replace(year=signed_on.year + 5),
            signed_on=signed_on,
            kpu_number=f"{title}/2025",
        )

    idle = signed_nk("Sunyi", datetime.date(2025, 1, 10))
    signed_nk("Baru", timezone.localdate() - datetime.timedelta(days=30))
    client = login(operator)
    page = client.get(reverse("agreements:list"))
    flagged = [r.record for r in page.context["table"].page.object_list if r.record.no_follow_up]
    assert flagged == [idle]
    assert "Tanpa tindak lanjut" in page.content.decode()
    only = client.get(reverse("agreements:list"), {"no_follow_up": "on"})
    assert [r.record for r in only.context["table"].page.object_list] == [idle]
