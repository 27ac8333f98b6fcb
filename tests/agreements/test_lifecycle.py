import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from agreements import registration, services
from agreements.models import Agreement, Attachment
from agreements.selectors import time_status_of
from core.models import ActivityLog
from reviews.models import Review
from reviews.services import review_decide
from tests.files import pdf_upload
from tests.workflows import SEPT_11, decide_all, sign

pytestmark = pytest.mark.django_db
State = Agreement.State


def test_regency_pks_draft_submit_province_approves_cleared_signed(
    make_draft, operator, reviewer, jatim
):
    pks = make_draft("PKS", title="Magang mahasiswa")
    services.agreement_submit(user=operator, agreement=pks)
    review = Review.objects.get(object_id=pks.pk)
    assert review.office == jatim
    assert review.subject_kind == "PKS"
    pks = decide_all(pks, reviewer)
    assert pks.state == State.CLEARED
    pks = sign(pks, operator)
    assert pks.state == State.SIGNED
    assert pks.kpu_number == "1/HK.05.1-PKS/3502/2025"
    assert pks.attachments.get().kind == Attachment.Kind.SIGNED_SCAN


def test_regency_nk_goes_to_province_then_kpu_ri_then_signed(
    nk_draft, operator, reviewer, ri_reviewer, jatim
):
    services.agreement_submit(user=operator, agreement=nk_draft)
    first = Review.objects.get(object_id=nk_draft.pk)
    assert first.office == jatim
    decide_all(nk_draft, reviewer)
    nk_draft.refresh_from_db()
    assert nk_draft.state == State.SUBMITTED
    second = Review.objects.get(object_id=nk_draft.pk, decision=Review.Decision.PENDING)
    assert second.office.level == "NATIONAL"
    assert second.step == 2
    nk = decide_all(nk_draft, ri_reviewer)
    assert nk.state == State.CLEARED
    nk = sign(nk, operator)
    assert nk.kpu_number == "1/HK.05.1-NK/3502/2025"
    assert time_status_of(nk, today=datetime.date(2026, 11, 29)) == "ACTIVE"
    actions = list(
        ActivityLog.objects.filter(object_id=str(nk.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "agreement.created",
        "agreement.submitted",
        "review.approved",
        "review.approved",
        "agreement.cleared",
        "attachment.added",
        "agreement.signed",
    ]


def test_return_with_notes_and_resubmit_keeps_rounds(nk_draft, operator, reviewer):
    services.agreement_submit(user=operator, agreement=nk_draft)
    review = Review.objects.get(object_id=nk_draft.pk)
    with pytest.raises(ValidationError):
        review_decide(review=review, user=reviewer, decision="RETURNED", notes="  ")
    review_decide(
        review=review, user=reviewer, decision="RETURNED", notes="Tambahkan pasal sanksi."
    )
    nk_draft.refresh_from_db()
    assert nk_draft.state == State.RETURNED
    services.agreement_submit(user=operator, agreement=nk_draft)
    rounds = list(
        Review.objects.filter(object_id=nk_draft.pk)
        .order_by("round")
        .values_list("round", "decision")
    )
    assert rounds == [(1, "RETURNED"), (2, "PENDING")]


def test_only_reviewers_of_the_addressed_office_decide(nk_draft, operator, offices):
    from offices.models import Membership
    from tests.factories import member

    services.agreement_submit(user=operator, agreement=nk_draft)
    review = Review.objects.get(object_id=nk_draft.pk)
    jateng_reviewer = member("verifikator.jateng", "33", Membership.Role.REVIEWER)
    jatim_commissioner = member("komisioner.jatim", "35", Membership.Role.COMMISSIONER)
    for user in (jateng_reviewer, jatim_commissioner, operator):
        with pytest.raises(PermissionDenied):
            review_decide(review=review, user=user, decision="APPROVED")


def test_kpu_ri_draft_goes_to_its_own_reviewers(make_draft, ri_reviewer, offices, umpo):
    """Four eyes: KPU RI has no office above it, so its reviewers verify its own drafts."""
    from offices.models import Membership, Office
    from tests.factories import member

    ri_operator = member("operator.ri", "", Membership.Role.OPERATOR)
    national = Office.objects.get(level="NATIONAL")
    nk = make_draft("NK", user=ri_operator, office=national)
    nk = services.agreement_submit(user=ri_operator, agreement=nk)
    assert nk.state == State.SUBMITTED
    review = Review.objects.get(object_id=nk.pk)
    assert (review.office, review.submitted_from) == (national, national)
    review_decide(review=review, user=ri_reviewer, decision="APPROVED")
    nk.refresh_from_db()
    assert nk.state == State.CLEARED


def test_submit_refused_until_checklist_passes(make_draft, operator):
    draft = make_draft("NK", scope=[], kpu_signatory_name="")
    with pytest.raises(ValidationError) as error:
        services.agreement_submit(user=operator, agreement=draft)
    message = " ".join(error.value.messages)
    assert "Ruang lingkup" in message
    assert "penanda tangan" in message
    draft.refresh_from_db()
    assert draft.state == State.DRAFT


def test_stale_edit_refused_nothing_overwritten(nk_draft, operator):
    opened = nk_draft.lock_version
    services.agreement_update(
        user=operator, agreement=nk_draft, lock_version=opened, title="Judul dari tab pertama"
    )
    stale = Agreement.objects.get(pk=nk_draft.pk)
    with pytest.raises(ValidationError) as error:
        services.agreement_update(
            user=operator, agreement=stale, lock_version=opened, title="Judul dari tab kedua"
        )
    assert error.value.code == "stale"
    assert Agreement.objects.get(pk=nk_draft.pk).title == "Judul dari tab pertama"


def test_cancel_draft(nk_draft, operator):
    services.agreement_cancel(user=operator, agreement=nk_draft)
    nk_draft.refresh_from_db()
    assert nk_draft.state == State.CANCELLED
    with pytest.raises(ValidationError):
        services.agreement_submit(user=operator, agreement=nk_draft)


def test_sign_needs_partner_number_or_none_and_scan(nk_draft, operator, reviewer, ri_reviewer):
    services.agreement_submit(user=operator, agreement=nk_draft)
    nk = decide_all(nk_draft, reviewer, ri_reviewer)
    with pytest.raises(ValidationError):
        services.agreement_sign(
            user=operator,
            agreement=nk,
            signed_on=SEPT_11,
            signed_place="Ponorogo",
            scan=pdf_upload(),
        )
    with pytest.raises(ValidationError):
        services.agreement_sign(
            user=operator,
            agreement=nk,
            signed_on=SEPT_11,
            signed_place="Ponorogo",
            partner_number_none=True,
            scan=None,
        )
    nk.refresh_from_db()
    assert nk.state == State.CLEARED
    assert nk.kpu_number == ""
    signed = services.agreement_sign(
        user=operator,
        agreement=nk,
        signed_on=SEPT_11,
        signed_place="Ponorogo",
        partner_number_none=True,
        scan=pdf_upload(),
    )
    assert signed.partner_number == ""
    assert signed.partner_number_none


def test_register_existing_agreement(operator, ponorogo, umpo):
    from tests.workflows import draft_fields

    agreement = registration.agreement_register(
        user=operator,
        office=ponorogo,
        kind="NK",
        kpu_number="5/HK.05.1-NK/3502/2023",
        signed_on=datetime.date(2023, 3, 1),
        signed_place="Ponorogo",
        partner_number="001/UMPO/2023",
        scan=pdf_upload(),
        **draft_fields(
            umpo, start_date=datetime.date(2023, 3, 1), end_date=datetime.date(2028, 2, 29)
        ),
    )
    assert agreement.state == State.SIGNED
    assert agreement.registered_without_review
    assert not Review.objects.filter(object_id=agreement.pk).exists()


def test_terminate_signed_agreement(nk_draft, operator, reviewer, ri_reviewer):
    services.agreement_submit(user=operator, agreement=nk_draft)
    nk = sign(decide_all(nk_draft, reviewer, ri_reviewer), operator)
    with pytest.raises(ValidationError):
        services.agreement_terminate(
            user=operator, agreement=nk, terminated_on=datetime.date(2026, 1, 1), reason=""
        )
    nk = services.agreement_terminate(
        user=operator, agreement=nk, terminated_on=datetime.date(2026, 1, 1), reason="Mitra tutup."
    )
    assert nk.state == State.TERMINATED
    assert time_status_of(nk, today=datetime.date(2026, 11, 29)) == "EXPIRED"


def test_pks_under_unsigned_nk_blocked_by_checklist(make_draft, operator, nk_draft):
    pks = make_draft("PKS", parent=nk_draft)
    with pytest.raises(ValidationError) as error:
        services.agreement_submit(user=operator, agreement=pks)
    assert "NK" in " ".join(error.value.messages)


def test_wrong_role_cannot_create_or_submit(commissioner, ponorogo, nk_draft, outsider):
    from tests.workflows import draft_fields

    with pytest.raises(PermissionDenied):
        services.agreement_create(
            user=commissioner,
            office=ponorogo,
            kind="NK",
            **draft_fields(nk_draft.parties.get().partner),
        )
    for user in (commissioner, outsider):
        with pytest.raises(PermissionDenied):
            services.agreement_submit(user=user, agreement=nk_draft)
