"""core.jobs: a row claimed by one worker only, and the sweep that queues lost work again,
takes over dead claims and gives up after the last attempt (on Report rows, whose render is
such a job)."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from core.jobs import Job
from evaluations.models import Report

Status = Report.Status
JOB = Job(Status.PENDING, Status.RENDERING)
STALE = timedelta(minutes=10)
LONG_AGO = timedelta(hours=1)


def _report(office, year: int = 2026, **fields) -> Report:
    report = Report.objects.create(
        office=office, year=year, semester=1, submitted_at=timezone.now()
    )
    if fields:
        Report.objects.filter(pk=report.pk).update(**fields)
    return report


def _sweep(queued: list, **options) -> int:
    return JOB.sweep(Report.objects.all(), stale_after=STALE, queue=queued.append, **options)


@pytest.mark.django_db(transaction=True)
def test_claim_is_exclusive_under_two_concurrent_claimers(ponorogo):
    reports = [_report(ponorogo, year) for year in (2024, 2025, 2026)]

    for report in reports:
        barrier = threading.Barrier(2)

        def claimer(pk=report.pk, barrier=barrier):
            try:
                barrier.wait()
                with transaction.atomic():
                    claimed = JOB.claim(Report.objects.filter(pk=pk))
                    time.sleep(0.2)  # hold the row: the other UPDATE waits on its lock
                return claimed
            finally:
                connection.close()

        with ThreadPoolExecutor(2) as pool:
            results = [future.result() for future in [pool.submit(claimer) for _ in range(2)]]

        assert sorted(result is None for result in results) == [False, True]
        report.refresh_from_db()
        assert (report.status, report.attempts) == (Status.RENDERING, 1)
        assert report.updated_at == next(result for result in results if result)


@pytest.mark.django_db
def test_claim_takes_only_pending_rows_and_sets_the_changes(ponorogo):
    report = _report(ponorogo)
    claimed = JOB.claim(Report.objects.filter(pk=report.pk), error="")
    assert claimed is not None
    assert JOB.claim(Report.objects.filter(pk=report.pk)) is None
    report.refresh_from_db()
    assert (report.status, report.attempts, report.updated_at) == (Status.RENDERING, 1, claimed)


@pytest.mark.django_db
def test_claim_takes_over_a_stale_claim_while_attempts_remain(ponorogo):
    old = timezone.now() - LONG_AGO
    live = _report(ponorogo, 2024, status=Status.RENDERING, attempts=1)
    dead = _report(ponorogo, 2025, status=Status.RENDERING, attempts=1, updated_at=old)
    worn = _report(ponorogo, 2026, status=Status.RENDERING, attempts=3, updated_at=old)

    def claim(report):
        rows = Report.objects.filter(pk=report.pk)
        return JOB.claim(rows, take_over_after=STALE, max_attempts=3)

    assert claim(live) is None
    assert claim(worn) is None
    assert claim(dead) is not None
    dead.refresh_from_db()
    assert (dead.status, dead.attempts) == (Status.RENDERING, 2)


@pytest.mark.django_db
def test_sweep_requeues_pending_rows_older_than_the_grace_time(ponorogo):
    fresh = _report(ponorogo, 2025)
    lost = _report(ponorogo, 2026, updated_at=timezone.now() - timedelta(minutes=3))
    queued = []
    assert _sweep(queued, pending_after=timedelta(minutes=2)) == 1
    assert queued == [lost.pk]
    lost.refresh_from_db()
    assert lost.status == Status.PENDING and lost.updated_at > timezone.now() - STALE
    # The message just sent gets its time: the next sweep does not send another yet.
    assert _sweep(queued, pending_after=timedelta(minutes=2)) == 0
    assert fresh.pk not in queued


@pytest.mark.django_db
def test_sweep_returns_stale_claims_to_pending_and_leaves_live_ones(ponorogo):
    live = _report(ponorogo, 2025, status=Status.RENDERING, attempts=1)
    dead = _report(
        ponorogo, 2026, status=Status.RENDERING, attempts=1, updated_at=timezone.now() - LONG_AGO
    )
    queued = []
    assert _sweep(queued, max_attempts=3) == 1
    assert queued == [dead.pk]
    dead.refresh_from_db()
    live.refresh_from_db()
    assert (dead.status, live.status) == (Status.PENDING, Status.RENDERING)
    assert JOB.claim(Report.objects.filter(pk=dead.pk)) is not None


@pytest.mark.django_db
def test_sweep_with_take_over_queues_stale_claims_as_they_are(ponorogo):
    dead = _report(ponorogo, status=Status.RENDERING, updated_at=timezone.now() - LONG_AGO)
    queued = []
    assert _sweep(queued, take_over=True) == 1
    assert _sweep(queued, take_over=True) == 1  # still stale: queued again
    dead.refresh_from_db()
    assert queued == [dead.pk, dead.pk] and dead.status == Status.RENDERING


@pytest.mark.django_db
def test_sweep_gives_up_after_max_attempts(ponorogo):
    old = timezone.now() - LONG_AGO
    worn = _report(ponorogo, 2025, status=Status.RENDERING, attempts=3, updated_at=old)
    retried = _report(ponorogo, 2026, status=Status.RENDERING, attempts=2, updated_at=old)
    failed = {"status": Status.FAILED, "error": "terhenti"}
    queued = []
    assert _sweep(queued, max_attempts=3, failed=failed) == 1
    assert queued == [retried.pk]
    worn.refresh_from_db()
    assert (worn.status, worn.error) == (Status.FAILED, "terhenti")
    assert worn.updated_at > old
    assert _sweep(queued, max_attempts=3, failed=failed) == 0  # FAILED is never queued
