"""Filling in, submitting and verifying an evaluation one level up; rounds are kept."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evaluations import activities, services
from evaluations.models import Evaluation
from reviews.models import Review
from reviews.services import review_decide, reviews_of
from tests.factories import signed_agreement
from tests.files import PNG, pdf_upload
from tests.workflows import add_activity, fill, open_evaluation, ready

pytestmark = pytest.mark.django_db
State = Evaluation.State


def pending_review(evaluation) -> Review:
    return Review.objects.get(object_id=evaluation.pk, decision=Review.Decision.PENDING)


def test_submit_returned_resubmit_accepted_rounds_kept(evaluation, operator, reviewer, jatim):
    evaluation = ready(evaluation, operator)
    evaluation = services.evaluation_submit(user=operator, evaluation=evaluation)
    assert evaluation.state == State.SUBMITTED
    first = pending_review(evaluation)
    assert (first.office, first.round, first.subject_kind) == (jatim, 1, "MONEV")
    assert all(item["ok"] for item in first.checklist)

    review_decide(
        review=first, user=reviewer, decision=Review.Decision.RETURNED, notes="Lengkapi foto."
    )
    evaluation.refresh_from_db()
    assert evaluation.state == State.RETURNED
    add_activity(evaluation, operator, datetime.date(2026, 5, 20), description="Diskusi publik")
    evaluation = services.evaluation_submit(user=operator, evaluation=evaluation)
    second = pending_review(evaluation)
    assert (evaluation.state, second.round) == (State.SUBMITTED, 2)

    review_decide(review=second, user=reviewer, decision=Review.Decision.APPROVED)
    evaluation.refresh_from_db()
    assert evaluation.state == State.ACCEPTED
    assert evaluation.accepted_at is not None
    history = [(r.round, r.decision, r.notes) for r in reviews_of(evaluation)]
    assert history == [(1, "RETURNED", "Lengkapi foto."), (2, "APPROVED", "")]


def test_submitted_evaluation_is_locked(evaluation, operator):
    evaluation = services.evaluation_submit(user=operator, evaluation=ready(evaluation, operator))
    with pytest.raises(ValidationError):
        fill(evaluation, operator, 2)
    with pytest.raises(ValidationError):
        add_activity(evaluation, operator)


def test_incomplete_evaluation_refused(evaluation, operator):
    add_activity(evaluation, operator, evidence=False)
    fill(evaluation, operator, 4)
    with pytest.raises(ValidationError) as refused:
        services.evaluation_submit(user=operator, evaluation=evaluation)
    assert "Setiap kegiatan memiliki bukti" in refused.value.messages[0]
    evaluation.refresh_from_db()
    assert evaluation.state == State.DRAFT
    assert not Review.objects.exists()


def test_running_without_activities_refused_not_running_allowed(evaluation, operator):
    fill(evaluation, operator, 2)
    with pytest.raises(ValidationError):
        services.evaluation_submit(user=operator, evaluation=evaluation)
    fill(evaluation, operator, 2, implementation_status=Evaluation.Status.NOT_RUNNING)
    evaluation = services.evaluation_submit(user=operator, evaluation=evaluation)
    assert evaluation.state == State.SUBMITTED


def test_province_goes_to_kpu_ri_and_kpu_ri_to_its_own_reviewers(
    jatim, jatim_operator, ri_operator, ri_reviewer, offices
):
    from offices.models import Office

    national = Office.objects.get(level=Office.Level.NATIONAL)
    province = open_evaluation(signed_agreement(jatim))
    services.evaluation_submit(user=jatim_operator, evaluation=ready(province, jatim_operator))
    assert pending_review(province).office == national

    # Four eyes: KPU RI's own evaluation is not accepted on submission; another person of
    # KPU RI verifies it.
    own = open_evaluation(signed_agreement(national))
    own = services.evaluation_submit(user=ri_operator, evaluation=ready(own, ri_operator))
    assert own.state == State.SUBMITTED
    review = pending_review(own)
    assert review.office == national
    review_decide(review=review, user=ri_reviewer, decision=Review.Decision.APPROVED)
    own.refresh_from_db()
    assert own.state == State.ACCEPTED


def test_only_operators_of_the_office_write(evaluation, commissioner, reviewer, outsider):
    for user in (commissioner, reviewer, outsider):
        with pytest.raises(PermissionDenied):
            fill(evaluation, user, 4)
        with pytest.raises(PermissionDenied):
            services.evaluation_submit(user=user, evaluation=evaluation)


def test_activity_outside_the_period_refused(evaluation, operator):
    with pytest.raises(ValidationError) as refused:
        add_activity(evaluation, operator, datetime.date(2026, 7, 1))
    assert "date" in refused.value.error_dict
    assert not evaluation.activities.exists()


def test_evidence_checked_by_content(evaluation, operator):
    activity = add_activity(evaluation, operator, evidence=False)
    with pytest.raises(ValidationError):
        activities.evidence_add(
            user=operator,
            activity=activity,
            upload=pdf_upload("foto.jpg", b"MZ\x90\x00 not an image"),
        )
    evidence = activities.evidence_add(
        user=operator,
        activity=activity,
        upload=pdf_upload("../../foto.png", PNG),
    )
    assert evidence.original_name == "foto.png"
    assert evidence.file.name.endswith(".png") and "foto" not in evidence.file.name
    assert len(evidence.sha256) == 64
    assert evidence.file.read().startswith(b"\x89PNG")


def test_evidence_size_capped(evaluation, operator, monkeypatch):
    from core import uploads

    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 1024)
    activity = add_activity(evaluation, operator, evidence=False)
    with pytest.raises(ValidationError) as refused:
        activities.evidence_add(
            user=operator,
            activity=activity,
            upload=pdf_upload("daftar-hadir.pdf", b"%PDF-" + b"0" * 2000),
        )
    assert refused.value.code == "too_large"


def test_removing_an_activity_removes_its_evidence_files(
    evaluation, operator, django_capture_on_commit_callbacks
):
    activity = add_activity(evaluation, operator)
    stored = activity.evidence.get().file
    path = stored.path
    with django_capture_on_commit_callbacks(execute=True):
        activities.activity_remove(user=operator, activity=activity)
    assert not evaluation.activities.exists()
    import os

    assert not os.path.exists(path)


def test_each_evaluation_keeps_its_instrument_version(evaluation, operator, ri_admin, signed_nk):
    from evaluations.instruments import instrument_new_version

    first = evaluation.instrument
    criteria = [
        {"name": "Satu-satunya kriteria", "weight": 100, "descriptors": ["a", "b", "c", "d", "e"]}
    ]
    second = instrument_new_version(
        user=ri_admin,
        criteria=criteria,
        note="Uji",
        grace_days=45,
        continue_from=80,
        improve_from=60,
        review_from=40,
    )
    later = open_evaluation(signed_nk, 2026, 2)
    evaluation.refresh_from_db()
    assert evaluation.instrument == first and later.instrument == second
    assert later.due_date == datetime.date(2027, 2, 14)  # 31 Dec + 45 days
    assert fill(evaluation, operator, 4).scores.count() == 5
    assert fill(later, operator, 4).scores.count() == 1
