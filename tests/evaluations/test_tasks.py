"""The daily task opens each (agreement, period) once, however often or concurrently it runs."""

import datetime
import threading

import pytest
from django.db import connection

from evaluations import tasks
from evaluations.models import Evaluation
from evaluations.services import evaluations_open_due
from tests.factories import signed_agreement
from tests.helpers import wait_until

D = datetime.date


@pytest.mark.django_db
def test_running_twice_creates_nothing_twice(ponorogo, sleman):
    signed_agreement(ponorogo, start=D(2025, 3, 1), end=D(2026, 12, 31))
    signed_agreement(sleman, kind="PKS", start=D(2025, 9, 1), end=None)
    first = tasks.open_due_evaluations()  # the task, run in-process (today is 2026 or later)
    count = Evaluation.objects.count()
    assert first == count >= 5
    assert tasks.open_due_evaluations() == 0
    assert Evaluation.objects.count() == count


@pytest.mark.django_db
def test_an_existing_evaluation_is_left_alone(ponorogo, operator):
    agreement = signed_agreement(ponorogo, start=D(2026, 1, 5))
    now = datetime.datetime(2026, 7, 2, 5, tzinfo=datetime.UTC)
    evaluations_open_due(now=now)
    evaluation = Evaluation.objects.get(agreement=agreement)
    Evaluation.objects.filter(pk=evaluation.pk).update(obstacles="Sudah diisi")
    assert evaluations_open_due(now=now) == 0
    evaluation.refresh_from_db()
    assert evaluation.obstacles == "Sudah diisi"


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_open_each_period_once(offices, ponorogo):
    for n in range(6):
        signed_agreement(ponorogo, title=f"NK {n}", start=D(2024, 1, 5), end=D(2026, 12, 31))
    now = datetime.datetime(2027, 1, 2, 5, tzinfo=datetime.UTC)
    results, errors = [], []
    barrier = threading.Barrier(2)

    def run():
        try:
            barrier.wait()
            results.append(evaluations_open_due(now=now))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Evaluation.objects.count() == 6 * 6  # 2024 S1 … 2026 S2 for six agreements
    assert sum(results) == 36


@pytest.mark.celery
def test_daily_task_runs_on_a_real_worker(celery_worker, ponorogo):
    signed_agreement(ponorogo, start=D(2025, 3, 1), end=D(2025, 12, 31))
    tasks.open_due_evaluations.delay()
    wait_until(lambda: Evaluation.objects.count() >= 2, timeout=30, interval=0.2)
    assert list(Evaluation.objects.order_by("period_start").values_list("year", "semester")) == [
        (2025, 1),
        (2025, 2),
    ]
