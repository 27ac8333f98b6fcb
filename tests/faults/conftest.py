"""Fault fixtures: a Redis server of the test's own (the broker and the cache of the test
and of every process it starts), and Celery workers and beats as real processes on the test
database. Nothing here touches the Redis other runs share."""

import datetime
import uuid

import pytest

from agreements import services
from agreements.models import Agreement
from kpu_kerjasama.celery import app
from tests.processes import RedisServer, celery, process_env
from tests.workflows import decide_all, draft_fields, fill_bracketed


def _use_broker(url: str) -> None:
    app.conf.broker_url = url
    # Producers are pooled per connection: drop the pools so the next publish uses `url`.
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def fault_redis(tmp_path):
    server = RedisServer(tmp_path / "redis")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def on_fault_redis(fault_redis, settings):
    """This process publishes tasks to, and caches in, the test's own Redis."""
    settings.CACHES = {
        alias: {**config, "LOCATION": fault_redis.url} for alias, config in settings.CACHES.items()
    }
    previous = app.conf.broker_url
    _use_broker(fault_redis.url)
    try:
        yield fault_redis
    finally:
        _use_broker(previous)


@pytest.fixture
def start_celery(transactional_db, offices, on_fault_redis, settings, tmp_path):
    """start_celery("worker" | "beat", name, **env) → a ready process on the test database,
    the test's Redis and MEDIA_ROOT; stopped when the test ends (before the database is
    flushed)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    started = []

    def _start(kind: str, name: str, **extra: str):
        env = process_env(
            REDIS_URL=on_fault_redis.url,
            MEDIA_ROOT=str(settings.MEDIA_ROOT),
            CACHE_KEY_PREFIX=f"faults-{uuid.uuid4().hex}",
            DJANGO_SETTINGS_MODULE="tests.faults.settings",
            FAULTS_EMAIL_DIR=str(tmp_path / "email"),
            **extra,
        )
        process = celery(kind, name, env=env, directory=tmp_path)
        started.append(process)
        return process

    try:
        yield _start
    finally:
        for process in reversed(started):
            process.stop()


@pytest.fixture
def cleared_pks(transactional_db, operator, reviewer, ponorogo, umpo):
    """A PKS of KPU Kabupaten Ponorogo, complete and approved by Jawa Timur: ready to sign."""
    agreement = services.agreement_create(
        user=operator,
        office=ponorogo,
        kind="PKS",
        **draft_fields(
            umpo,
            title="Pendidikan Pemilih bagi Mahasiswa",
            kpu_signatory_name="Sekretaris KPU Kabupaten Ponorogo",
            considerations="bahwa KPU bertugas melaksanakan pendidikan pemilih;",
            scope=["VOTER_EDUCATION"],
            end_date=datetime.date(2027, 9, 10),
        ),
    )
    fill_bracketed(agreement)
    services.agreement_submit(user=operator, agreement=agreement)
    agreement = decide_all(agreement, reviewer)
    assert agreement.state == Agreement.State.CLEARED
    return agreement
