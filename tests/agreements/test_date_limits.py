"""Dates a user enters stay within 1945–2100, terms within ten years unless a national admin
allows more, signings are never dated after the office's own today, and the monev job opens
a bounded number of periods for an agreement whatever its dates say."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements import registration, services
from agreements.date_rules import add_years, check_signed_on
from agreements.models import Agreement
from core.validators import validate_date_range
from evaluations.forms import ActivityForm
from evaluations.models import Evaluation
from evaluations.services import MAX_OPEN_PER_AGREEMENT, evaluations_open_due
from offices.models import Membership, Office
from tests.files import pdf_upload
from tests.workflows import SEPT_11, decide_all, draft_fields, sign

pytestmark = pytest.mark.django_db
D = datetime.date
RANGE_MESSAGE = "Tanggal harus antara 1 Januari 1945 dan 31 Desember 2100."


@pytest.mark.parametrize("day", [D(1, 1, 1), D(1944, 12, 31), D(2101, 1, 1), D(9999, 12, 31)])
def test_dates_outside_1945_2100_are_refused(day):
    with pytest.raises(ValidationError, match=RANGE_MESSAGE):
        validate_date_range(day)


@pytest.mark.parametrize("day", [D(1945, 1, 1), D(2100, 12, 31), None])
def test_dates_at_the_edges_are_accepted(day):
    validate_date_range(day)


@pytest.mark.parametrize(
    ("field", "extra"),
    [
        ("start_date", {"start_date": D(1, 1, 1), "end_date": D(2030, 9, 10)}),
        ("end_date", {"start_date": SEPT_11, "end_date": D(9999, 12, 31)}),
    ],
)
def test_draft_with_year_1_or_9999_is_refused(make_draft, field, extra):
    with pytest.raises(ValidationError) as caught:
        make_draft("NK", **extra)
    assert RANGE_MESSAGE in caught.value.message_dict[field]
    assert not Agreement.objects.exists()


def _create_form(umpo, **dates) -> dict:
    return {
        "kind": "NK",
        "title": "Pendidikan Pemilih",
        "kpu_signatory_name": "Ketua",
        "kpu_signatory_title": "KETUA",
        "scope": ["VOTER_EDUCATION"],
        "divisi": "PARTICIPATION",
        "evaluation_frequency": "SEMESTER",
        "partner": umpo.pk,
        "signatory_name": "Dr. Happy Susanto",
        "signatory_title": "Rektor",
    } | dates


def test_create_form_shows_the_range_message(login, operator, umpo):
    response = login(operator).post(
        reverse("agreements:create") + "?kind=NK",
        _create_form(umpo, start_date="0001-01-01", end_date="9999-12-31"),
    )
    assert response.status_code == 200
    assert RANGE_MESSAGE in response.content.decode()
    assert not Agreement.objects.exists()


# --- the term ---------------------------------------------------------------------------


def test_add_years_keeps_29_february_in_a_common_year():
    assert add_years(D(2024, 2, 29), 10) == D(2034, 2, 28)
    assert add_years(D(2025, 9, 11), 10) == D(2035, 9, 11)


def test_ten_year_term_is_accepted_and_one_day_more_refused(make_draft):
    assert make_draft("NK", start_date=SEPT_11, end_date=D(2035, 9, 11)).pk
    with pytest.raises(ValidationError) as caught:
        make_draft("NK", start_date=SEPT_11, end_date=D(2035, 9, 12))
    [message] = caught.value.message_dict["end_date"]
    assert "Jangka waktu paling lama 10 tahun" in message
    assert "11 September 2035" in message


def test_create_form_shows_the_term_message(login, operator, umpo):
    response = login(operator).post(
        reverse("agreements:create") + "?kind=NK",
        _create_form(umpo, start_date="2025-09-11", end_date="2045-09-10"),
    )
    assert "Jangka waktu paling lama 10 tahun" in response.content.decode()
    assert not Agreement.objects.exists()


def test_only_a_national_admin_allows_a_longer_term(make_draft, ri_admin):
    long_term = {"start_date": SEPT_11, "end_date": D(2045, 9, 10), "allow_long_term": True}
    with pytest.raises(ValidationError, match="hanya dapat diizinkan admin KPU RI"):
        make_draft("NK", **long_term)  # the operator asking for it is not enough
    national = Office.objects.get(level=Office.Level.NATIONAL)
    Membership.objects.create(user=ri_admin, office=national, role=Membership.Role.OPERATOR)
    agreement = make_draft("NK", user=ri_admin, office=national, **long_term)
    assert agreement.end_date == D(2045, 9, 10)
    with pytest.raises(ValidationError, match="Jangka waktu paling lama 10 tahun"):
        make_draft("NK", user=ri_admin, office=national, **long_term | {"allow_long_term": False})


def test_the_term_limit_is_a_setting(make_draft, settings):
    settings.AGREEMENT_MAX_TERM_YEARS = 20
    assert make_draft("NK", start_date=SEPT_11, end_date=D(2045, 9, 10)).pk


def test_update_to_a_longer_term_is_refused(make_draft, operator):
    agreement = make_draft("NK")
    with pytest.raises(ValidationError, match="Jangka waktu paling lama 10 tahun"):
        services.agreement_update(
            user=operator,
            agreement=agreement,
            lock_version=agreement.lock_version,
            end_date=D(2099, 1, 1),
        )
    agreement.refresh_from_db()
    assert agreement.end_date == D(2030, 9, 10)


# --- signing and termination dates --------------------------------------------------------


@pytest.fixture
def cleared(nk_draft, operator, reviewer, ri_reviewer) -> Agreement:
    services.agreement_submit(user=operator, agreement=nk_draft)
    return decide_all(nk_draft, reviewer, ri_reviewer)


def test_signing_on_year_1_is_refused(cleared, operator):
    with pytest.raises(ValidationError) as caught:
        sign(cleared, operator, on=D(1, 1, 1))
    assert RANGE_MESSAGE in caught.value.message_dict["signed_on"]
    cleared.refresh_from_db()
    assert cleared.state == Agreement.State.CLEARED


def test_signing_in_the_future_is_refused_by_the_service(cleared, operator, ponorogo):
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError, match="tidak boleh di masa depan"):
        sign(cleared, operator, on=tomorrow)
    cleared.refresh_from_db()
    assert (cleared.state, cleared.kpu_number) == (Agreement.State.CLEARED, "")


def test_future_means_after_the_office_s_own_today(monkeypatch, ponorogo):
    # 30 June 16:00 UTC: 23:00 WIB in Ponorogo, already 1 July 01:00 WIT in Papua.
    now = datetime.datetime(2026, 6, 30, 16, tzinfo=datetime.UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    papua = Office.objects.filter(timezone="Asia/Jayapura", level="REGENCY").first()
    check_signed_on(papua, D(2026, 7, 1))
    check_signed_on(ponorogo, D(2026, 6, 30))
    with pytest.raises(ValidationError, match="KPU Kabupaten Ponorogo"):
        check_signed_on(ponorogo, D(2026, 7, 1))


def test_register_with_year_9999_signing_is_refused(operator, ponorogo, umpo):
    with pytest.raises(ValidationError):
        registration.agreement_register(
            user=operator,
            office=ponorogo,
            kind="NK",
            kpu_number="1/HK.05.1-NK/3502/2025",
            signed_on=D(9999, 12, 31),
            signed_place="Ponorogo",
            partner_number_none=True,
            scan=pdf_upload(),
            **draft_fields(umpo),
        )
    assert not Agreement.objects.exists()


def test_termination_on_year_9999_is_refused(cleared, operator):
    signed = sign(cleared, operator)
    with pytest.raises(ValidationError) as caught:
        services.agreement_terminate(
            user=operator, agreement=signed, terminated_on=D(9999, 12, 31), reason="Selesai"
        )
    assert RANGE_MESSAGE in caught.value.message_dict["terminated_on"]
    signed.refresh_from_db()
    assert signed.state == Agreement.State.SIGNED


# --- evaluations --------------------------------------------------------------------------


def test_activity_form_refuses_year_1():
    form = ActivityForm(
        data={"date": "0001-01-01", "description": "Sosialisasi", "participants": 10},
        instance=None,
    )
    assert not form.is_valid()
    assert RANGE_MESSAGE in form.errors["date"]


def test_open_due_caps_the_periods_of_one_agreement(ponorogo):
    # Stored before the dates were checked: the nightly job once opened 4,051 evaluations.
    legacy = Agreement.objects.create(
        office=ponorogo,
        kind="NK",
        title="Tanggal salah ketik",
        state=Agreement.State.SIGNED,
        divisi="PARTICIPATION",
        start_date=D(1, 1, 1),
        end_date=D(9999, 12, 31),
        signed_on=D(1, 1, 1),
    )
    now = datetime.datetime(2026, 7, 2, 5, tzinfo=datetime.UTC)
    assert evaluations_open_due(now=now) == MAX_OPEN_PER_AGREEMENT == 20
    assert evaluations_open_due(now=now) == 0  # the same window: no creeping backlog
    periods = Evaluation.objects.filter(agreement=legacy).order_by("period_start")
    first, last = periods.first(), periods.last()
    assert [(first.year, first.semester), (last.year, last.semester)] == [(2016, 2), (2026, 1)]
