import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import ActivityLog
from partners import services
from partners.models import Contact, Partner
from partners.selectors import possible_duplicates
from tests.files import PDF

pytestmark = pytest.mark.django_db

UMPO = "Universitas Muhammadiyah Ponorogo"


def _form(**extra) -> dict:
    return {
        "name": "Institut Agama Islam Sunan Giri",
        "short_name": "INSURI",
        "category": Partner.Category.UNIVERSITY,
        "leader_title": "Rektor",
        "leader_name": "Dr. Contoh",
        "email": "humas@insuri.ac.id",
    } | extra


def test_duplicates_found_for_abbreviated_capitalised_name(umpo):
    assert possible_duplicates(name="UNIV. MUHAMMADIYAH PONOROGO") == [umpo]


def test_duplicates_no_false_hit_for_other_city(umpo):
    assert possible_duplicates(name="Universitas Muhammadiyah Malang") == []


def test_duplicates_near_match_and_acronym(umpo):
    assert possible_duplicates(name="Muhammadiyah Ponorogo") == [umpo]
    assert possible_duplicates(name="Kampus lain", short_name="umpo") == [umpo]


def test_duplicates_ignore_retired_partners(umpo, ri_admin, operator, ponorogo):
    copy = services.partner_create(
        actor=operator, office=ponorogo, name="Univ Muhammadiyah Ponorogo", category="UNIVERSITY"
    )
    services.partner_merge(actor=ri_admin, survivor=umpo, retired=copy)
    assert possible_duplicates(name=UMPO) == [umpo]


def test_create_shows_duplicates_before_saving(login, operator, umpo):
    client = login(operator)
    response = client.post(
        reverse("partners:create"),
        _form(name="UNIV. MUHAMMADIYAH PONOROGO", short_name=""),
    )
    assert response.status_code == 200
    assert response.context["duplicates"] == [umpo]
    assert Partner.objects.count() == 1
    # The user confirms it is a different institution: the second submit saves.
    confirmed = client.post(
        reverse("partners:create"),
        _form(name="UNIV. MUHAMMADIYAH PONOROGO", short_name="", confirm_new="on"),
    )
    assert confirmed.status_code == 302
    assert Partner.objects.count() == 2


def test_create_without_duplicates_saves_and_logs(login, operator, ponorogo):
    response = login(operator).post(reverse("partners:create"), _form())
    partner = Partner.objects.get(short_name="INSURI")
    assert response["Location"] == partner.get_absolute_url()
    assert partner.registered_by == ponorogo
    assert partner.normalized_name == "institut agama islam sunan giri"
    assert ActivityLog.objects.filter(action="partner.created", object_id=str(partner.pk)).exists()


def test_create_bad_input_keeps_everything(login, operator):
    response = login(operator).post(
        reverse("partners:create"), _form(email="bukan-email", is_affiliated="on")
    )
    content = response.content.decode()
    assert "Masukkan alamat email yang valid" in content
    assert "Jelaskan afiliasi mitra" in content
    assert 'value="Institut Agama Islam Sunan Giri"' in content
    assert not Partner.objects.exists()


def test_create_regency_must_be_in_province(login, operator, jatim):
    from offices.models import Office

    sleman_region = Office.objects.get(code="34.04")
    response = login(operator).post(
        reverse("partners:create"), _form(province=jatim.pk, regency=sleman_region.pk)
    )
    assert "tidak berada di provinsi" in response.content.decode()


def test_create_wrong_role_403(login, commissioner):
    assert login(commissioner).get(reverse("partners:create")).status_code == 403


def test_create_anonymous_to_login(client, offices):
    assert client.get(reverse("partners:create"))["Location"].startswith(reverse("login"))


def test_outsider_may_view_not_edit(login, outsider, umpo):
    client = login(outsider)
    detail = client.get(umpo.get_absolute_url())
    assert detail.status_code == 200
    assert UMPO in detail.content.decode()
    assert not detail.context["can_edit"]
    assert client.get(reverse("partners:update", args=[umpo.pk])).status_code == 403
    response = client.post(reverse("partners:contact-add", args=[umpo.pk]), {"name": "Penyusup"})
    assert response.status_code == 403
    assert not Contact.objects.exists()


def test_province_operator_edits_partner_of_regency(login, offices, umpo):
    from offices.models import Membership
    from tests.factories import member

    province_operator = member("operator.jatim", "35", Membership.Role.OPERATOR)
    response = login(province_operator).post(
        reverse("partners:update", args=[umpo.pk]),
        _form(name=UMPO, short_name="UMPO", leader_name="Dr. Happy Susanto", lock_version=1),
    )
    assert response.status_code == 302
    umpo.refresh_from_db()
    assert umpo.leader_name == "Dr. Happy Susanto"
    log = ActivityLog.objects.get(action="partner.updated")
    assert log.changes["leader_name"] == ["", "Dr. Happy Susanto"]


def test_missing_partner_404(login, operator, offices):
    assert login(operator).get(reverse("partners:detail", args=[999999])).status_code == 404


def test_contacts_added_and_removed(login, operator, umpo):
    client = login(operator)
    client.post(
        reverse("partners:contact-add", args=[umpo.pk]),
        {"name": "Siti", "position": "Kepala Humas", "email": "siti@umpo.ac.id"},
    )
    contact = umpo.contacts.get()
    client.post(reverse("partners:contact-remove", args=[umpo.pk, contact.pk]))
    assert not umpo.contacts.exists()


def test_contact_bad_email_reported(login, operator, umpo):
    response = login(operator).post(
        reverse("partners:contact-add", args=[umpo.pk]), {"name": "Siti", "email": "x"}, follow=True
    )
    assert "Narahubung tidak disimpan" in response.content.decode()


def test_flagged_partner_warned_and_filterable(login, operator, ponorogo, umpo):
    flagged = services.partner_create(
        actor=operator,
        office=ponorogo,
        name="Yayasan Suara Partai",
        category=Partner.Category.CIVIL_SOCIETY,
        is_affiliated=True,
        affiliation_explanation="Pengurusnya pengurus partai X.",
    )
    client = login(operator)
    assert "Terafiliasi partai" in client.get(flagged.get_absolute_url()).content.decode()
    listed = client.get(reverse("partners:list"), {"is_affiliated": "true"})
    assert [row.record for row in listed.context["table"].page.object_list] == [flagged]
    assert "Terafiliasi partai" in listed.content.decode()


def test_independence_statement_checked_by_content(login, operator):
    fake = SimpleUploadedFile("surat.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = login(operator).post(reverse("partners:create"), _form(independence_statement=fake))
    assert "Isi berkas bukan PDF" in response.content.decode()
    assert not Partner.objects.exists()


def test_independence_statement_download(login, operator, outsider, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    statement = SimpleUploadedFile("surat.pdf", PDF, content_type="application/pdf")
    login(operator).post(reverse("partners:create"), _form(independence_statement=statement))
    partner = Partner.objects.get()
    response = login(outsider).get(reverse("partners:statement", args=[partner.pk]))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


def test_list_search_filter_sort(login, operator, ponorogo, umpo):
    services.partner_create(
        actor=operator, office=ponorogo, name="Polres Ponorogo", category="SECURITY"
    )
    client = login(operator)
    found = client.get(reverse("partners:list"), {"q": "muhammadiyah"})
    assert [r.record for r in found.context["table"].page.object_list] == [umpo]
    by_category = client.get(reverse("partners:list"), {"category": "SECURITY"})
    assert by_category.context["paginator"].count == 1
    ordered = client.get(reverse("partners:list"), {"sort": "-name"})
    names = [r.record.name for r in ordered.context["table"].page.object_list]
    assert names == sorted(names, reverse=True)


def test_list_query_count_same_for_1_and_30(
    login, operator, ponorogo, umpo, django_assert_num_queries, django_assert_max_num_queries
):
    client = login(operator)
    with django_assert_max_num_queries(100) as one:
        response = client.get(reverse("partners:list"))
    assert response.status_code == 200
    assert "Universitas Muhammadiyah Ponorogo" in response.content.decode()
    for n in range(29):
        services.partner_create(
            actor=operator, office=ponorogo, name=f"Sekolah Contoh {n}", category="SCHOOL"
        )
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("partners:list"))
    assert response.status_code == 200
    assert "Sekolah Contoh 28" in response.content.decode()


def test_merge_moves_references_and_logs(login, ri_admin, operator, ponorogo, umpo):
    copy = services.partner_create(
        actor=operator, office=ponorogo, name="UMPO Ponorogo", category="UNIVERSITY"
    )
    Contact.objects.create(partner=copy, name="Budi")
    faculty = services.partner_create(
        actor=operator,
        office=ponorogo,
        name="Fakultas Hukum UMPO",
        category="UNIVERSITY",
        parent=copy,
    )
    login(ri_admin).post(reverse("partners:merge", args=[umpo.pk]), {"retired": copy.pk})
    copy.refresh_from_db()
    faculty.refresh_from_db()
    assert copy.merged_into == umpo
    assert faculty.parent == umpo
    assert list(umpo.contacts.values_list("name", flat=True)) == ["Budi"]
    log = ActivityLog.objects.get(action="partner.retired")
    assert log.changes["moved"]["partners.Contact.partner"]
    # Reversible from the log's data.
    login(ri_admin).post(reverse("partners:unmerge", args=[umpo.pk, log.pk]))
    copy.refresh_from_db()
    faculty.refresh_from_db()
    assert copy.merged_into is None
    assert faculty.parent == copy
    assert list(copy.contacts.values_list("name", flat=True)) == ["Budi"]


def test_merge_wrong_role_403(login, jatim_admin, operator, ponorogo, umpo):
    copy = services.partner_create(actor=operator, office=ponorogo, name="X", category="OTHER")
    response = login(jatim_admin).post(
        reverse("partners:merge", args=[umpo.pk]), {"retired": copy.pk}
    )
    assert response.status_code == 403
    copy.refresh_from_db()
    assert copy.merged_into is None


def test_merge_service_refuses_self_and_non_admin(ri_admin, operator, umpo):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.partner_merge(actor=ri_admin, survivor=umpo, retired=umpo)
    with pytest.raises(PermissionDenied):
        services.partner_merge(actor=operator, survivor=umpo, retired=umpo)


def test_partner_views_wrong_method_405(login, operator, umpo):
    client = login(operator)
    assert client.get(reverse("partners:merge", args=[umpo.pk])).status_code == 405
    assert client.get(reverse("partners:contact-add", args=[umpo.pk])).status_code == 405


def test_duplicates_partial_for_htmx(login, operator, umpo):
    response = login(operator).get(
        reverse("partners:duplicates"),
        {"name": "univ muhammadiyah ponorogo"},
        HTTP_HX_REQUEST="true",
    )
    assert UMPO in response.content.decode()
