"""The "for me" home page: each role finds the work waiting for it on the first screen."""

import pytest
from django.urls import reverse

from agreements.models import Agreement
from core.models import ActivityLog

pytestmark = pytest.mark.django_db
HOME = reverse("home")


def test_operator_sees_returned_drafts_and_what_to_sign(ponorogo, operator, login):
    Agreement.objects.create(
        office=ponorogo,
        kind="PKS",
        title="PKS dikembalikan",
        divisi="PARTICIPATION",
        state="RETURNED",
    )
    Agreement.objects.create(
        office=ponorogo,
        kind="NK",
        title="NK siap tanda tangan",
        divisi="PARTICIPATION",
        state="CLEARED",
    )
    content = login(operator).get(HOME).content.decode()
    assert 'data-testid="work-operator"' in content
    assert "PKS dikembalikan" in content
    assert "NK siap tanda tangan" in content


def test_operator_empty_state_says_what_to_do(operator, login, offices):
    content = login(operator).get(HOME).content.decode()
    assert "Tidak ada evaluasi yang jatuh tempo." in content


def test_reviewer_sees_the_submission_waiting(ponorogo_data, reviewer, login):
    response = login(reviewer).get(HOME)
    work = response.context["reviewer"]["reviews"]["rows"]
    assert [review.subject_title for review in work] == ["Draf KKN"]
    assert "Draf KKN" in response.content.decode()


def test_commissioner_lands_on_the_dashboard_and_home_tells_what_changed(
    ponorogo_data, commissioner, client, password
):
    credentials = {"username": "komisioner.ponorogo", "password": password}
    first = client.post(reverse("login"), credentials)
    assert first["Location"] == reverse("dashboards:dashboard")
    client.post(reverse("logout"))
    nk = ponorogo_data["nk"]
    ActivityLog.objects.create(
        action="agreement.signed",
        content_type_id=_type(nk),
        object_id=str(nk.pk),
        message="Ditandatangani",
    )
    client.post(reverse("login"), credentials)
    response = client.get(HOME)
    work = response.context["commissioner"]
    assert work["summary"]["signed"].value == 3
    assert work["changes"] == {"signed": 1}
    assert "1 ditandatangani" in response.content.decode()


def _type(obj) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk


def test_admin_sees_offices_without_an_operator(jatim_admin, operator, login):
    rows = login(jatim_admin).get(HOME).context["admin"]["offices"]["rows"]
    codes = [office.code for office in rows]
    assert "35" in codes  # the province itself has no operator
    assert "35.02" not in codes  # Ponorogo has operator.ponorogo
