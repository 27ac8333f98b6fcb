"""The officials register: kept by office admins, picked as the KPU signatory, printed with
Plt./Plh., and who the party is when the Sekretaris signs."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements import document_layout, services
from offices.models import Official
from tests.workflows import draft_fields

pytestmark = pytest.mark.django_db
FROM = datetime.date(2024, 1, 2)


def _official(office, **fields) -> Official:
    values = {
        "office": office,
        "position": "SEKRETARIS",
        "name": "Drs. Joko Santoso, M.Si.",
        "nip": "197501012000031001",
        "status": "PLT",
        "valid_from": FROM,
    } | fields
    official = Official(**values)
    official.full_clean()
    official.save()
    return official


def test_nip_is_eighteen_digits(ponorogo):
    with pytest.raises(ValidationError) as refused:
        _official(ponorogo, nip="19750101200003100")
    assert "nip" in refused.value.message_dict
    assert _official(ponorogo, nip="").nip == ""


def test_admin_adds_an_official_from_the_office_page(ponorogo, jatim_admin, login):
    client = login(jatim_admin)
    url = reverse("offices:officials", args=[ponorogo.pk])
    assert url in client.get(ponorogo.get_absolute_url()).content.decode()
    response = client.post(
        url,
        {
            "position": "SEKRETARIS",
            "name": "Drs. Joko Santoso, M.Si.",
            "nip": "19750101 200003 1 001",
            "status": "PLH",
            "valid_from": "2025-01-02",
        },
    )
    assert response.status_code == 302
    official = Official.objects.get(office=ponorogo)
    assert (official.nip, official.title) == ("197501012000031001", "Plh. Sekretaris")
    page = client.get(url).content.decode()
    assert "Plh. Sekretaris" in page and "2 Januari 2025" in page
    bad = client.post(url, {"position": "KETUA", "name": "X", "nip": "123", "valid_from": "x"})
    assert bad.status_code == 200 and Official.objects.count() == 1


def test_register_scoped_404_403_405_and_login(
    ponorogo, operator, sleman_admin, jatim_admin, login, client
):
    official = _official(ponorogo)
    list_url = reverse("offices:officials", args=[ponorogo.pk])
    edit_url = reverse("offices:official-update", args=[ponorogo.pk, official.pk])
    assert "/masuk/" in client.get(list_url)["Location"]
    outsider = login(sleman_admin)
    assert outsider.get(list_url).status_code == 404
    assert outsider.get(edit_url).status_code == 404
    reader = login(operator)
    assert "Drs. Joko Santoso" in reader.get(list_url).content.decode()
    assert reader.post(list_url, {"name": "X"}).status_code == 403
    assert reader.get(edit_url).status_code == 403
    assert login(jatim_admin).put(list_url).status_code == 405
    changed = login(jatim_admin).post(
        edit_url,
        {
            "position": "SEKRETARIS",
            "name": "Drs. Joko Santoso, M.Si.",
            "nip": official.nip,
            "status": "DEFINITIVE",
            "valid_from": "2024-01-02",
            "lock_version": official.lock_version,
        },
    )
    assert changed.status_code == 302
    official.refresh_from_db()
    assert official.title == "Sekretaris"


def test_plt_sekretaris_signs_for_the_sekretariat(ponorogo, operator, umpo):
    official = _official(ponorogo)
    pks = services.agreement_create(
        user=operator,
        office=ponorogo,
        kind="PKS",
        **draft_fields(umpo, kpu_signatory_name="", kpu_official=official),
    )
    assert (pks.kpu_signatory_name, pks.kpu_signatory_title, pks.kpu_signatory_acting) == (
        "Drs. Joko Santoso, M.Si.",
        "SEKRETARIS",
        "Plt.",
    )
    html = document_layout.document_html(pks, final=False)
    title_block = html.split('class="title-block"')[1].split("TENTANG")[0]
    assert "SEKRETARIAT KOMISI PEMILIHAN UMUM KABUPATEN PONOROGO" in title_block.upper()
    assert (
        "selaku Plt. Sekretaris Komisi Pemilihan Umum Kabupaten Ponorogo, dalam hal ini "
        "bertindak untuk dan atas nama Sekretariat Komisi Pemilihan Umum Kabupaten Ponorogo"
    ) in " ".join(html.split())
    signatures = html.split('class="signatures"')[1]
    assert "Plt. SEKRETARIS KOMISI PEMILIHAN UMUM KABUPATEN PONOROGO" in signatures


def test_ketua_signs_for_the_commission(ponorogo, operator, umpo):
    ketua = _official(
        ponorogo, position="KETUA", name="Sri Wahyuni, S.H.", nip="", status="DEFINITIVE"
    )
    nk = services.agreement_create(
        user=operator, office=ponorogo, kind="NK", **draft_fields(umpo, kpu_official=ketua)
    )
    html = " ".join(document_layout.document_html(nk, final=False).split())
    title_block = html.split('class="title-block"')[1].split("TENTANG")[0]
    assert "SEKRETARIAT" not in title_block.upper()
    assert "KOMISI PEMILIHAN UMUM KABUPATEN PONOROGO" in title_block.upper()
    assert "Sri Wahyuni, S.H.</strong>, selaku Ketua Komisi Pemilihan Umum" in html


def test_an_official_of_another_office_is_refused(ponorogo, sleman, operator, umpo):
    elsewhere = _official(sleman)
    with pytest.raises(ValidationError) as refused:
        services.agreement_create(
            user=operator,
            office=ponorogo,
            kind="PKS",
            **draft_fields(umpo, kpu_official=elsewhere),
        )
    assert "kpu_official" in refused.value.message_dict


def test_office_street_address_in_the_komparisi(ponorogo, operator, umpo):
    ponorogo.address = "Jalan Budi Utomo Nomor 10"
    ponorogo.save()
    nk = services.agreement_create(user=operator, office=ponorogo, kind="NK", **draft_fields(umpo))
    html = " ".join(document_layout.document_html(nk, final=False).split())
    assert "berkedudukan di Jalan Budi Utomo Nomor 10, Kabupaten Ponorogo" in html


def test_laporan_is_signed_by_the_sekretaris_in_office(ponorogo):
    from types import SimpleNamespace

    from evaluations.reports import report_signer

    data = SimpleNamespace(office=ponorogo, today=datetime.date(2025, 6, 30))
    assert report_signer(data)["name"] == ""
    _official(ponorogo, name="Lama", valid_to=datetime.date(2024, 12, 31))
    _official(ponorogo, name="Drs. Joko Santoso, M.Si.", valid_from=datetime.date(2025, 1, 1))
    signer = report_signer(data)
    assert signer == {
        "title": "Plt. Sekretaris Komisi Pemilihan Umum Kabupaten Ponorogo",
        "name": "Drs. Joko Santoso, M.Si.",
        "nip": "197501012000031001",
    }


def test_a_stale_edit_of_an_official_is_refused(ponorogo, jatim_admin, login):
    """Two admins open the same row; the second save is refused, the first one kept."""
    official = _official(ponorogo)
    client = login(jatim_admin)
    url = reverse("offices:official-update", args=[ponorogo.pk, official.pk])
    opened = client.get(url).context["form"].initial["lock_version"]
    fields = {
        "position": "SEKRETARIS",
        "name": "Drs. Joko Santoso, M.Si.",
        "nip": "197501012000031001",
        "status": "DEFINITIVE",
        "valid_from": "2025-01-02",
        "lock_version": opened,
    }
    assert client.post(url, fields).status_code == 302
    stale = client.post(url, fields | {"name": "Nama Lain"})
    assert stale.status_code == 200
    assert "sudah diubah orang lain" in stale.content.decode()
    official.refresh_from_db()
    assert official.name == "Drs. Joko Santoso, M.Si."
    assert official.lock_version == opened + 1
