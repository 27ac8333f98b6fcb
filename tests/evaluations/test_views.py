"""Every monev view: anonymous → login, outsider → 404, wrong role → 403, wrong method → 405,
and the normal cases through the forms."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Evaluation, Report
from reviews.models import Review
from tests.files import PDF, pdf_upload
from tests.workflows import add_activity, ready

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(evaluation, operator, ponorogo):
    """An evaluation with one activity and its evidence, and a sent report of Ponorogo."""
    activity = add_activity(evaluation, operator)
    report = Report.objects.create(
        office=ponorogo, year=2026, semester=1, submitted_by=operator, submitted_at=timezone.now()
    )
    return evaluation, activity, activity.evidence.get(), report


def read_urls(evaluation, activity, evidence, report) -> list[tuple[str, str]]:
    office = evaluation.agreement.office_id
    return [
        ("get", reverse("evaluations:office", args=[office])),
        ("get", reverse("evaluations:detail", args=[evaluation.pk])),
        ("get", reverse("evaluations:evidence-download", args=[evaluation.pk, evidence.pk])),
        ("get", reverse("evaluations:report", args=[office])),
        ("get", reverse("evaluations:report-pdf", args=[office, 2026, 1])),
        ("get", reverse("evaluations:report-xlsx", args=[office, 2026, 1])),
        ("get", reverse("evaluations:report-status", args=[report.pk])),
        ("get", reverse("evaluations:report-file", args=[report.pk])),
    ]


def write_urls(evaluation, activity, evidence, report) -> list[tuple[str, str]]:
    pk, office = evaluation.pk, evaluation.agreement.office_id
    return [
        ("get", reverse("evaluations:edit", args=[pk])),
        ("post", reverse("evaluations:edit", args=[pk])),
        ("post", reverse("evaluations:submit", args=[pk])),
        ("get", reverse("evaluations:activity-add", args=[pk])),
        ("get", reverse("evaluations:activity-edit", args=[pk, activity.pk])),
        ("post", reverse("evaluations:activity-remove", args=[pk, activity.pk])),
        ("post", reverse("evaluations:evidence-add", args=[pk, activity.pk])),
        ("post", reverse("evaluations:evidence-remove", args=[pk, evidence.pk])),
        ("post", reverse("evaluations:report-submit", args=[office, 2026, 1])),
    ]


def test_anonymous_goes_to_login(client, setup):
    urls = read_urls(*setup) + write_urls(*setup)
    urls += [("get", reverse("evaluations:index")), ("get", reverse("evaluations:instrument"))]
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/masuk/" in response["Location"], url


def test_outsider_gets_404_everywhere(login, outsider, setup):
    client = login(outsider)
    for method, url in read_urls(*setup) + write_urls(*setup):
        assert getattr(client, method)(url).status_code == 404, url


def test_wrong_role_gets_403_on_writes_and_reads_fine(login, commissioner, reviewer, setup):
    evaluation = setup[0]
    for user in (commissioner, reviewer):
        client = login(user)
        for method, url in write_urls(*setup):
            assert getattr(client, method)(url).status_code == 403, (user, url)
        detail = client.get(reverse("evaluations:detail", args=[evaluation.pk]))
        assert evaluation.agreement.title in detail.content.decode()
        assert "Isi penilaian" not in detail.content.decode()


def test_instrument_page_only_for_national_admins(login, jatim_admin, operator, ri_admin):
    url = reverse("evaluations:instrument")
    for user in (jatim_admin, operator):
        assert login(user).get(url).status_code == 403
    assert login(ri_admin).get(url).status_code == 200


def test_wrong_method_405(login, operator, ri_admin, setup):
    client = login(operator)
    for method, url in write_urls(*setup) + read_urls(*setup):
        other = {"get": "post", "post": "get"}[method]
        if url.endswith(("/ubah/", "/tambah/")):
            other = "delete"
        assert getattr(client, other)(url).status_code == 405, (other, url)
    assert client.post(reverse("evaluations:index")).status_code == 405
    assert login(ri_admin).delete(reverse("evaluations:instrument")).status_code == 405


def test_index_leads_to_the_current_office(login, operator, ponorogo):
    response = login(operator).get(reverse("evaluations:index"))
    assert response["Location"] == reverse("evaluations:office", args=[ponorogo.pk])


def test_office_page_tabs(login, operator, ponorogo, signed_nk):
    from tests.workflows import open_evaluation

    overdue = open_evaluation(signed_nk, 2026, 1)  # due 30 July 2026, long past
    Evaluation.objects.filter(pk=overdue.pk).update(due_date=datetime.date(2026, 7, 30))
    due = open_evaluation(signed_nk, 2026, 2)
    Evaluation.objects.filter(pk=due.pk).update(
        due_date=timezone.localdate() + datetime.timedelta(days=5)
    )
    client = login(operator)
    url = reverse("evaluations:office", args=[ponorogo.pk])
    page = client.get(url)
    assert page.context["tabs"] == [
        ("overdue", "Terlambat", 1),
        ("due", "Jatuh tempo", 1),
        ("submitted", "Menunggu verifikasi", 0),
        ("accepted", "Diterima", 0),
    ]
    # Without ?tab= the page opens on the late work (issue 15: it opened on "Jatuh tempo").
    assert page.context["tab"] == "overdue"
    assert [e.pk for e in page.context["page"]] == [overdue.pk]
    assert [e.pk for e in client.get(url, {"tab": "due"}).context["page"]] == [due.pk]
    assert list(client.get(url, {"tab": "accepted"}).context["page"]) == []


def test_office_page_opens_on_the_first_tab_holding_work(login, operator, ponorogo, signed_nk):
    from tests.workflows import open_evaluation

    client = login(operator)
    url = reverse("evaluations:office", args=[ponorogo.pk])
    assert client.get(url).context["tab"] == "overdue"  # nothing anywhere: the first tab
    evaluation = open_evaluation(signed_nk, 2026, 2)
    Evaluation.objects.filter(pk=evaluation.pk).update(
        state=Evaluation.State.SUBMITTED, due_date=timezone.localdate()
    )
    assert client.get(url).context["tab"] == "submitted"
    Evaluation.objects.filter(pk=evaluation.pk).update(state=Evaluation.State.DRAFT)
    assert client.get(url).context["tab"] == "due"
    Evaluation.objects.filter(pk=evaluation.pk).update(due_date=datetime.date(2026, 7, 30))
    page = client.get(url)
    assert page.context["tab"] == "overdue"
    # The links of the page (scope, pages) carry the tab it opened on.
    assert "?tab=overdue" in page.content.decode()


def test_index_keeps_the_tab_and_the_scope(login, reviewer, jatim):
    response = login(reviewer).get(
        reverse("evaluations:index"), {"tab": "overdue", "cakupan": "jajaran"}
    )
    assert response["Location"] == (
        reverse("evaluations:office", args=[jatim.pk]) + "?tab=overdue&cakupan=jajaran"
    )


def test_province_page_lists_its_regencies(login, reviewer, jatim, signed_nk, evaluation):
    page = login(reviewer).get(reverse("evaluations:office", args=[jatim.pk]))
    children = {office.code: counts for office, counts in page.context["children"]}
    assert len(children) == 38
    assert children["35.02"]["overdue"] == 1  # Semester I 2026 was due on 30 July 2026
    assert children["35.03"] == {}
    assert "KPU Kabupaten Ponorogo" in page.content.decode()


def test_edit_form_saves_scores_and_shows_the_result(login, operator, evaluation):
    criteria = list(evaluation.instrument.criteria.all())
    data = {
        "lock_version": evaluation.lock_version,
        "implementation_status": "RUNNING",
        "obstacles": "",
        "follow_up": "Menyusun PKS.",
        "budget_realised": "1500000",
        "recommendation_override": "",
        "override_justification": "",
    }
    for criterion in criteria:
        data[f"score_{criterion.pk}"] = "4"
        data[f"reason_{criterion.pk}"] = "Baik."
    client = login(operator)
    response = client.post(reverse("evaluations:edit", args=[evaluation.pk]), data)
    assert response.status_code == 302
    detail = client.get(reverse("evaluations:detail", args=[evaluation.pk])).content.decode()
    assert "80,00" in detail and "Lanjutkan" in detail and 'value="80.00"' in detail


def test_edit_form_refuses_override_without_justification(login, operator, evaluation):
    data = {"lock_version": evaluation.lock_version, "recommendation_override": "END"}
    response = login(operator).post(reverse("evaluations:edit", args=[evaluation.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["override_justification"]
    evaluation.refresh_from_db()
    assert evaluation.recommendation == ""


def test_activity_and_evidence_through_the_forms(login, operator, evaluation):
    client = login(operator)
    response = client.post(
        reverse("evaluations:activity-add", args=[evaluation.pk]),
        {
            "date": "2026-04-21",
            "description": "Kuliah umum kepemiluan",
            "place": "Kampus UMPO",
            "output": "Materi",
            "participants": "250",
        },
    )
    assert response.status_code == 302
    activity = evaluation.activities.get()
    url = reverse("evaluations:evidence-add", args=[evaluation.pk, activity.pk])
    client.post(url, {"file": pdf_upload("foto.pdf")})
    evidence = activity.evidence.get()
    download = client.get(
        reverse("evaluations:evidence-download", args=[evaluation.pk, evidence.pk])
    )
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    bad = client.post(url, {"file": pdf_upload("virus.pdf", b"MZ not a pdf")}, follow=True)
    assert "Bukti tidak disimpan" in bad.content.decode()
    outside = client.post(
        reverse("evaluations:activity-add", args=[evaluation.pk]),
        {"date": "2026-08-01", "description": "x", "place": "y", "participants": "1"},
    )
    assert outside.context["form"].errors["date"]


def test_review_page_shows_the_evaluation(login, operator, reviewer, evaluation):
    from evaluations import services

    services.evaluation_submit(user=operator, evaluation=ready(evaluation, operator))
    review = Review.objects.get(object_id=evaluation.pk)
    page = login(reviewer).get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert "Monev Semester I 2026" in page
    assert "Sosialisasi pendidikan pemilih" in page and "daftar-hadir.pdf" in page
    assert "80,00" in page


def test_returned_notes_shown_to_the_operator(login, operator, reviewer, evaluation):
    from evaluations import services
    from reviews.services import review_decide

    services.evaluation_submit(user=operator, evaluation=ready(evaluation, operator))
    review = Review.objects.get(object_id=evaluation.pk)
    review_decide(review=review, user=reviewer, decision="RETURNED", notes="Tambahkan notula.")
    page = login(operator).get(reverse("evaluations:detail", args=[evaluation.pk]))
    assert "Tambahkan notula." in page.content.decode()


def test_agreement_page_shows_evaluations_and_flag(
    login, operator, signed_nk, evaluation, settings
):
    from evaluations import services

    # The activity (10 March 2026) falls inside the follow-up window (NK signed 5 January
    # 2026, before the window opens): followed up, so not flagged, whatever today is.
    today = timezone.localdate()
    months = (today.year - 2026) * 12 + today.month - 3 + 1
    settings.REMINDER_RULES = {**settings.REMINDER_RULES, "nk_follow_up_months": months}
    services.evaluation_submit(user=operator, evaluation=ready(evaluation, operator))
    page = login(operator).get(signed_nk.get_absolute_url()).content.decode()
    assert 'data-testid="agreement-evaluations"' in page
    assert "Semester I 2026" in page and "80,00" in page and "Diajukan" in page
    assert 'data-testid="no-follow-up"' not in page


def test_agreement_page_flags_an_idle_nk(login, operator, signed_nk, settings):
    # Signed on 5 January 2026, no PKS, no activity: idle once the window (here 3 months,
    # set like any deployment would) is past. The text names the window the flag uses.
    settings.REMINDER_RULES = {**settings.REMINDER_RULES, "nk_follow_up_months": 3}
    page = login(operator).get(signed_nk.get_absolute_url()).content.decode()
    assert 'data-testid="no-follow-up"' in page
    assert "belum ada PKS yang ditandatangani" in page
    assert "lebih dari 3 bulan lalu" in page and "6 bulan" not in page


def test_draft_agreement_page_has_no_monev_section(login, operator, ponorogo):
    from tests.factories import signed_agreement

    draft = signed_agreement(ponorogo, state="DRAFT")
    page = login(operator).get(draft.get_absolute_url()).content.decode()
    assert 'data-testid="agreement-evaluations"' not in page
