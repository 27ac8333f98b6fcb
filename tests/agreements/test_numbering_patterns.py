"""Numbering patterns are checked by formatting them: a pattern that passes never breaks the
numbering page or a signing, and one stored before the check is refused with a message."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements import services
from agreements.models import Agreement, NumberingPattern
from agreements.numbering import _samples, format_number, validate_pattern
from offices.models import Membership
from tests.factories import member
from tests.workflows import decide_all, sign

BROKEN = [
    "{seq}/{year}/{ye{doc}ar}",  # nested braces: the case that reached signing
    "{seq}}/{year}",
    "{seq}/{year}/{",
    "{seq/{year}",
    "{seq!r}/{year}",
    "{seq:>99999}/{year}",
    "{seq.real}/{year}",
    "{seq[0]}/{year}",
    "{}/{seq}/{year}",
    "{0}/{seq}/{year}",
    "{{seq}}/{year}",  # an escaped, literal {seq}: no sequence at all
    "{seq}" * 22 + "{year}",  # fits 120 characters as a pattern, not as a number
]


@pytest.mark.parametrize("pattern", BROKEN)
def test_broken_patterns_are_refused_and_never_raise(pattern):
    problems = validate_pattern(pattern)
    assert problems
    assert all(isinstance(problem, str) and problem for problem in problems)


def test_nested_braces_get_a_clear_message():
    [problem] = validate_pattern("{seq}/{year}/{ye{doc}ar}")
    assert "Kurung kurawal pada pola tidak berpasangan atau bersarang" in problem


def test_unknown_tokens_are_named():
    problems = validate_pattern("{seq}/{tahun}/{seq:>5}/{year}")
    assert problems == [
        "Pola memuat token yang tidak dikenal: {tahun}, {seq:>5}. Token yang dikenal: "
        "{seq} {doc} {office_code} {issuer} {month_roman} {year}."
    ]


def test_too_long_number_is_refused():
    [problem] = validate_pattern("{seq}" * 22 + "{year}")
    assert "136 karakter; batasnya 120" in problem


@pytest.mark.parametrize(
    "pattern",
    [
        "{seq}/{year}",
        "{seq}/HK.05.1-{doc}/{office_code}/{issuer}/{month_roman}/{year}",
        "{{KPU}}-{seq}/{year}",  # doubled braces print one literal brace
    ],
)
def test_good_patterns_format_for_every_kind_signatory_and_month(pattern):
    assert validate_pattern(pattern) == []
    for sample, day in _samples():
        assert format_number(pattern, seq=1, agreement=sample, signed_on=day)


@pytest.fixture
def ponorogo_admin(offices):
    return member("admin.ponorogo", "35.02", Membership.Role.ADMIN)


@pytest.mark.django_db
def test_numbering_page_refuses_nested_braces(login, ponorogo_admin, ponorogo):
    response = login(ponorogo_admin).post(
        reverse("agreements:numbering"), {"pattern": "{seq}/{year}/{ye{doc}ar}"}
    )
    assert response.status_code == 200
    assert "tidak berpasangan atau bersarang" in response.content.decode()
    assert not NumberingPattern.objects.filter(office=ponorogo).exists()


@pytest.mark.django_db
def test_stored_broken_pattern_shows_a_warning_not_a_500(login, ponorogo_admin, ponorogo):
    NumberingPattern.objects.create(office=ponorogo, pattern="{seq}/{year}/{ye{doc}ar}")
    response = login(ponorogo_admin).get(reverse("agreements:numbering"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Pola nomor yang tersimpan tidak dapat dipakai" in content
    assert "Perbaiki polanya untuk melihat nomor berikutnya." in content


@pytest.mark.django_db
def test_signing_under_a_stored_broken_pattern_is_refused(
    nk_draft, operator, reviewer, ri_reviewer, ponorogo
):
    services.agreement_submit(user=operator, agreement=nk_draft)
    cleared = decide_all(nk_draft, reviewer, ri_reviewer)
    NumberingPattern.objects.create(office=ponorogo, pattern="{seq}/{year}/{ye{doc}ar}")
    with pytest.raises(ValidationError, match="Pola nomor KPU kantor ini tidak dapat dipakai"):
        sign(cleared, operator)
    cleared.refresh_from_db()
    assert cleared.state == Agreement.State.CLEARED
    assert cleared.kpu_number == ""
