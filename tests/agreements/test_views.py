import pytest
from django.urls import reverse

from agreements import parties, services
from agreements.models import Agreement, Clause
from reviews.models import Review
from tests.files import pdf_upload
from tests.workflows import decide_all

pytestmark = pytest.mark.django_db


def _urls(agreement: Agreement) -> list[tuple[str, str]]:
    pk = agreement.pk
    return [
        ("get", reverse("agreements:detail", args=[pk])),
        ("get", reverse("agreements:update", args=[pk])),
        ("post", reverse("agreements:submit", args=[pk])),
        ("post", reverse("agreements:cancel", args=[pk])),
        ("post", reverse("agreements:party-add", args=[pk])),
        ("get", reverse("agreements:sign", args=[pk])),
        ("get", reverse("agreements:terminate", args=[pk])),
        ("get", reverse("agreements:addendum", args=[pk])),
    ]


def test_every_agreement_url_outsider_404(login, outsider, nk_draft):
    client = login(outsider)
    for method, url in _urls(nk_draft):
        assert getattr(client, method)(url).status_code == 404, url


def test_every_agreement_url_anonymous_to_login(client, nk_draft):
    for method, url in _urls(nk_draft):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/masuk/" in response["Location"], url


def test_write_urls_wrong_role_403(login, commissioner, reviewer, nk_draft):
    for user in (commissioner, reviewer):
        client = login(user)
        for method, url in _urls(nk_draft)[1:]:
            assert getattr(client, method)(url).status_code == 403, (user, url)
        assert client.get(reverse("agreements:detail", args=[nk_draft.pk])).status_code == 200


def test_create_and_register_wrong_role_403(login, commissioner):
    client = login(commissioner)
    assert client.get(reverse("agreements:create")).status_code == 403
    assert client.get(reverse("agreements:register")).status_code == 403


def test_actions_wrong_method_405(login, operator, nk_draft):
    client = login(operator)
    assert client.get(reverse("agreements:submit", args=[nk_draft.pk])).status_code == 405
    assert client.get(reverse("agreements:cancel", args=[nk_draft.pk])).status_code == 405


def test_create_draft_through_the_form(login, operator, umpo):
    response = login(operator).post(
        reverse("agreements:create") + "?kind=NK",
        {
            "kind": "NK",
            "title": "Pendidikan Pemilih",
            "kpu_signatory_name": "Ketua",
            "kpu_signatory_title": "KETUA",
            "scope": ["VOTER_EDUCATION"],
            "divisi": "PARTICIPATION",
            "start_date": "2025-09-11",
            "end_date": "2030-09-10",
            "evaluation_frequency": "SEMESTER",
            "partner": umpo.pk,
            "signatory_name": "Dr. Happy Susanto",
            "signatory_title": "Rektor",
        },
    )
    agreement = Agreement.objects.get()
    assert response["Location"] == agreement.get_absolute_url()
    assert agreement.kind == "NK"
    assert agreement.clauses.count() > 5
    assert agreement.parties.get().signatory_title == "Rektor"


def test_create_bad_dates_keeps_input(login, operator, umpo):
    response = login(operator).post(
        reverse("agreements:create"),
        {
            "kind": "NK",
            "title": "Judul yang tetap ada",
            "divisi": "PARTICIPATION",
            "start_date": "2025-09-11",
            "end_date": "2025-01-01",
            "evaluation_frequency": "SEMESTER",
            "kpu_signatory_title": "KETUA",
            "partner": umpo.pk,
        },
    )
    content = response.content.decode()
    assert "Tanggal berakhir tidak boleh sebelum tanggal mulai." in content
    assert "Judul yang tetap ada" in content
    assert not Agreement.objects.exists()


def test_stale_form_refused_with_message(login, operator, nk_draft):
    client = login(operator)
    data = {
        "title": "Versi saya",
        "kpu_signatory_name": "Ketua",
        "kpu_signatory_title": "KETUA",
        "scope": ["VOTER_EDUCATION"],
        "divisi": "PARTICIPATION",
        "start_date": "2025-09-11",
        "end_date": "2030-09-10",
        "evaluation_frequency": "SEMESTER",
        "lock_version": nk_draft.lock_version,
    }
    assert client.post(reverse("agreements:update", args=[nk_draft.pk]), data).status_code == 302
    response = client.post(
        reverse("agreements:update", args=[nk_draft.pk]), data | {"title": "Versi basi"}
    )
    assert "sudah diubah orang lain" in response.content.decode()
    nk_draft.refresh_from_db()
    assert nk_draft.title == "Versi saya"


def test_detail_shows_checklist_and_return_notes(login, operator, reviewer, nk_draft):
    services.agreement_submit(user=operator, agreement=nk_draft)
    review = Review.objects.get(object_id=nk_draft.pk)
    client = login(reviewer)
    response = client.post(
        reverse("reviews:detail", args=[review.pk]),
        {"decision": "RETURNED", "notes": "Lengkapi pasal sanksi."},
    )
    assert response["Location"] == reverse("reviews:queue")
    content = login(operator).get(nk_draft.get_absolute_url()).content.decode()
    assert "Lengkapi pasal sanksi." in content
    assert "Daftar periksa materi muatan" in content


def test_sign_through_the_form(login, operator, reviewer, ri_reviewer, nk_draft):
    services.agreement_submit(user=operator, agreement=nk_draft)
    decide_all(nk_draft, reviewer, ri_reviewer)
    client = login(operator)
    response = client.post(
        reverse("agreements:sign", args=[nk_draft.pk]),
        {
            "signed_on": "2025-09-11",
            "signed_place": "Ponorogo",
            "partner_number": "012/UMPO/2025",
            "scan": pdf_upload(),
        },
    )
    assert response.status_code == 302
    content = client.get(nk_draft.get_absolute_url()).content.decode()
    assert "1/HK.05.1-NK/3502/2025" in content
    assert "Berlaku" in content


def test_sign_form_bad_scan_keeps_cleared(login, operator, reviewer, ri_reviewer, nk_draft):
    services.agreement_submit(user=operator, agreement=nk_draft)
    decide_all(nk_draft, reviewer, ri_reviewer)
    response = login(operator).post(
        reverse("agreements:sign", args=[nk_draft.pk]),
        {
            "signed_on": "2025-09-11",
            "signed_place": "Ponorogo",
            "partner_number": "012",
            "scan": pdf_upload("naskah.pdf", b"bukan pdf"),
        },
    )
    assert "Isi berkas bukan" in response.content.decode()
    nk_draft.refresh_from_db()
    assert nk_draft.state == "CLEARED"
    assert nk_draft.kpu_number == ""


def test_review_pages_scope_and_roles(login, operator, reviewer, nk_draft, offices):
    from offices.models import Membership
    from tests.factories import member

    services.agreement_submit(user=operator, agreement=nk_draft)
    review = Review.objects.get(object_id=nk_draft.pk)
    url = reverse("reviews:detail", args=[review.pk])
    jateng_reviewer = member("verifikator.jateng", "33", Membership.Role.REVIEWER)
    assert login(jateng_reviewer).get(url).status_code == 404
    assert login(jateng_reviewer).post(url, {"decision": "APPROVED"}).status_code == 404
    assert login(operator).post(url, {"decision": "APPROVED"}).status_code == 403
    assert login(operator).get(reverse("reviews:queue")).status_code == 403
    page = login(reviewer).get(url)
    assert "Pratinjau naskah" in page.content.decode()
    assert nk_draft.title in login(reviewer).get(reverse("reviews:queue")).content.decode()


def test_queue_and_detail_query_counts_constant(
    login, operator, reviewer, make_draft, django_assert_num_queries, django_assert_max_num_queries
):
    first = make_draft("PKS")
    services.agreement_submit(user=operator, agreement=first)
    client = login(reviewer)
    with django_assert_max_num_queries(100) as one:
        queue = client.get(reverse("reviews:queue"))
    with django_assert_max_num_queries(100) as detail_one:
        detail = client.get(first.get_absolute_url())
    assert queue.status_code == detail.status_code == 200
    assert first.title in queue.content.decode() and first.title in detail.content.decode()
    for n in range(10):
        services.agreement_submit(user=operator, agreement=make_draft("PKS"))
        Clause.objects.create(agreement=first, position=100 + n, heading=f"Tambahan {n}")
        if n < 3:
            parties.party_add(
                user=operator,
                agreement=first,
                partner=_partner(first.office, n),
                signatory_name="Nama",
                signatory_title="Jabatan",
            )
    with django_assert_num_queries(len(one.captured_queries)):
        queue = client.get(reverse("reviews:queue"))
    with django_assert_num_queries(len(detail_one.captured_queries)):
        detail = client.get(first.get_absolute_url())
    assert queue.status_code == detail.status_code == 200
    assert "11 menunggu" in queue.content.decode()
    assert "Tambahan 9" in detail.content.decode()


def _partner(office, n: int):
    from partners.models import Partner

    partner = Partner(name=f"Mitra Tambahan {n}", category="OTHER", registered_by=office)
    partner.save()
    return partner
