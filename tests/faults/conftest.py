"""Fault fixtures: a Redis server of the test's own (the broker and the cache of the test
and of every process it starts), and Celery workers and beats as real processes on the test
database. Nothing here touches the Redis other runs share."""

import datetime
import io
import re
import uuid

import pytest
from pypdf import PdfReader

from agreements import services
from agreements.models import Agreement, Clause
from kpu_kerjasama.celery import app
from partners.models import Partner
from reviews.models import Review
from reviews.services import review_decide
from tests.processes import RedisServer, celery, process_env, wait_for


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


SEPT_11 = datetime.date(2025, 9, 11)
BRACKETED = re.compile(r"\[[^\[\]\n]*\]")


@pytest.fixture
def cleared_pks(transactional_db, operator, reviewer, ponorogo):
    """A PKS of KPU Kabupaten Ponorogo, complete and approved by Jawa Timur: ready to sign."""
    partner = Partner.objects.create(
        name="Universitas Muhammadiyah Ponorogo",
        short_name="UMPO",
        category=Partner.Category.UNIVERSITY,
        registered_by=ponorogo,
        leader_title="Rektor",
    )
    agreement = services.agreement_create(
        user=operator,
        office=ponorogo,
        kind="PKS",
        title="Pendidikan Pemilih bagi Mahasiswa",
        kpu_signatory_name="Sekretaris KPU Kabupaten Ponorogo",
        considerations="bahwa KPU bertugas melaksanakan pendidikan pemilih;",
        legal_basis="Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum;",
        scope=["VOTER_EDUCATION"],
        divisi=Agreement.Divisi.PARTICIPATION,
        start_date=SEPT_11,
        end_date=datetime.date(2027, 9, 10),
        partners=[
            {
                "partner": partner,
                "signatory_name": "Dr. Happy Susanto",
                "signatory_title": "Rektor Universitas Muhammadiyah Ponorogo",
            }
        ],
    )
    for clause in agreement.clauses.all():  # a drafter fills in the template's "[…]"
        Clause.objects.filter(pk=clause.pk).update(
            body=BRACKETED.sub("kegiatan yang disepakati", clause.body)
        )
    services.agreement_submit(user=operator, agreement=agreement)
    review = Review.objects.get(object_id=agreement.pk, decision=Review.Decision.PENDING)
    review_decide(review=review, user=reviewer, decision=Review.Decision.APPROVED)
    agreement.refresh_from_db()
    assert agreement.state == Agreement.State.CLEARED
    return agreement


def pdf_text(document) -> str:
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def rendered(document_id: int, worker, seconds: float = 180):
    """The agreement document once the worker has finished it; fails at once, with the row's
    error and the worker's log, if it ends anywhere but READY."""
    from agreements.document_models import AgreementDocument

    finished = (AgreementDocument.Status.READY, AgreementDocument.Status.FAILED)
    wait_for(lambda: AgreementDocument.objects.get(pk=document_id).status in finished, seconds)
    document = AgreementDocument.objects.get(pk=document_id)
    assert document.status == AgreementDocument.Status.READY, (
        f"document {document_id} is {document.status} ({document.error}):\n{worker.log()[-3000:]}"
    )
    return document
