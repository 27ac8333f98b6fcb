"""A version number for cached figures: dashboards cache what they compute under the current
version, and the services that change a figure (signing, registering, termination, opening
and deciding a review, an evaluation's decision) move the version on once their transaction
commits, so no stale figure outlives the change that made it stale. Lives in core so that
lower apps can announce a change without knowing who caches."""

import logging
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

VERSION_KEY = "figures:version"
TIMEOUT = 300  # seconds: figures may be at most five minutes old


def figures_version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, timeout=None)


def _bump() -> None:
    # Runs after the change has committed: with Redis down the change stands and must not be
    # reported as failed (cached figures expire within TIMEOUT anyway, and a Redis that comes
    # back without its data has none to serve).
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # not set yet (or evicted)
            cache.set(VERSION_KEY, 2, timeout=None)
    except RedisError:
        logger.warning("Figures version not moved on: the cache is unreachable", exc_info=True)


def figures_changed() -> None:
    """Announce that figures changed; takes effect when the current transaction commits."""
    transaction.on_commit(_bump)


def cached_figures(key: str, compute: Callable[[], Any]) -> tuple[Any, Any]:
    """(value, computed_at): `compute()` cached under `key` and the current version."""
    try:
        full_key = f"figures:{figures_version()}:{key}"
        found = cache.get(full_key)
    except RedisError:  # the cache is down: compute, as on a miss, and keep nothing
        logger.warning("Figures computed without the cache: it is unreachable", exc_info=True)
        return compute(), timezone.now()
    if found is None:
        found = (compute(), timezone.now())
        try:
            cache.set(full_key, found, timeout=TIMEOUT)
        except RedisError:
            logger.warning("Figures not cached: the cache is unreachable", exc_info=True)
    return found
