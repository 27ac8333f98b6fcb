"""Waiting for work done elsewhere (a Celery worker, a child process): one polling loop."""

import time
from collections.abc import Callable
from typing import TypeVar

from django.db import models

T = TypeVar("T")


def wait_until(predicate: Callable[[], T], timeout: float = 20.0, interval: float = 0.1) -> T:
    """Call `predicate` every `interval` seconds until it returns something truthy or
    `timeout` seconds have passed; returns its last result (falsy on timeout), so a caller
    asserts on it or reports what it found."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result or time.monotonic() >= deadline:
            return result
        time.sleep(interval)


def wait_for_status(
    model: type[models.Model], pk: int, status: str, timeout: float = 60.0
) -> models.Model:
    """The row `pk` of `model` once its `status` is `status`; fails with the status it kept."""
    rows = model._default_manager.filter(pk=pk)
    if wait_until(lambda: rows.filter(status=status).exists(), timeout=timeout, interval=0.2):
        return rows.get()
    raise AssertionError(f"{model.__name__} {pk} is {rows.get().status}, not {status}")
