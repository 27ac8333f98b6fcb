import pytest

from core.activity import activities_for, log_activity
from offices.models import Office

pytestmark = pytest.mark.django_db


def test_log_activity_records_actor_subject_and_changes(operator, ponorogo):
    entry = log_activity(
        subject=ponorogo, action="office.updated", actor=operator, changes={"city": ["A", "B"]}
    )
    assert entry.subject == ponorogo
    assert list(activities_for(ponorogo)) == [entry]
    assert entry.changes == {"city": ["A", "B"]}
    assert not activities_for(Office.objects.get(code="35"))


def test_log_activity_anonymous_actor_stored_as_none(ponorogo):
    from django.contrib.auth.models import AnonymousUser

    assert log_activity(subject=ponorogo, action="x", actor=AnonymousUser()).actor is None
