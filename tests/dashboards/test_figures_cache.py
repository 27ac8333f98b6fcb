"""Cached dashboard figures move with the work: a submission, a review decision and a signing
each renew them once their transaction commits (core.figures), so the commissioner's figures
are never up to five minutes behind the queue they link to."""

import pytest
from django.urls import reverse

from agreements import services
from tests.workflows import decide_all, sign

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboards:dashboard")


def _figures(client) -> dict:
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    summary = response.context["summary"]
    return {"waiting": summary["reviews"]["waiting"], "signed": summary["signed"].value}


def test_submission_decision_and_signing_renew_the_cached_figures(
    make_draft, operator, reviewer, jatim_commissioner, login, django_capture_on_commit_callbacks
):
    client = login(jatim_commissioner)
    before = _figures(client)
    assert _figures(client) == before  # served from the cache

    agreement = make_draft("PKS")
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_submit(user=operator, agreement=agreement)
    assert _figures(client) == {"waiting": before["waiting"] + 1, "signed": before["signed"]}

    with django_capture_on_commit_callbacks(execute=True):
        agreement = decide_all(agreement, reviewer)
    assert agreement.state == agreement.State.CLEARED
    assert _figures(client) == before

    with django_capture_on_commit_callbacks(execute=True):
        sign(agreement, operator)
    assert _figures(client) == {"waiting": before["waiting"], "signed": before["signed"] + 1}
