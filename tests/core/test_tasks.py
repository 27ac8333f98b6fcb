from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from core.tasks import clear_expired_sessions
from tests.helpers import wait_until


def _session(expires_in: timedelta) -> str:
    store = SessionStore()
    store["x"] = 1
    store.set_expiry(expires_in)
    store.create()
    return store.session_key


@pytest.mark.celery
def test_clear_expired_sessions_runs_on_a_real_worker(celery_worker):
    stale = _session(timedelta(seconds=-60))
    fresh = _session(timedelta(hours=1))
    clear_expired_sessions.delay()
    assert wait_until(lambda: not Session.objects.filter(session_key=stale).exists())
    assert Session.objects.filter(session_key=fresh).exists()


@pytest.mark.django_db
def test_clear_expired_sessions_twice_is_harmless():
    _session(timedelta(seconds=-60))
    assert clear_expired_sessions() == 1
    assert clear_expired_sessions() == 0
    assert Session.objects.filter(expire_date__lt=timezone.now()).count() == 0
