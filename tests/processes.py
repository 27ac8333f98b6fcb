"""Real processes for tests that need them: a Redis server of the test's own (so stopping it
disturbs nobody else's run), Celery workers and beats started as `celery -A kpu_kerjasama …`
against the test database, and `manage.py` commands."""

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import redis
from django.db import connection

from tests.helpers import wait_until

ROOT = Path(__file__).resolve().parent.parent


def database_url(name: str | None = None) -> str:
    """DATABASE_URL of the test database (or of database `name` on the same server)."""
    settings = connection.settings_dict
    user = quote(settings.get("USER") or "", safe="")
    password = settings.get("PASSWORD")
    credentials = f"{user}:{quote(password, safe='')}" if password else user
    host = quote(settings.get("HOST") or "", safe="")
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"postgres://{credentials}@{host}{port}/{name or settings['NAME']}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """redis-server on a free loopback port, no persistence: stopped and started again it
    comes back empty, as a restarted broker without persistence does."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def ping(self) -> bool:
        try:
            return redis.Redis(port=self.port, socket_connect_timeout=0.5).ping()
        except redis.ConnectionError:
            return False

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        # A fixed argument list: the server binary on PATH and options.
        self.process = subprocess.Popen(  # noqa: S603
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
                "--logfile",
                str(self.directory / "redis.log"),
            ]  # fmt: skip
        )
        if not wait_until(self.ping, 20):
            raise RuntimeError(f"redis-server on port {self.port} did not answer")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(20)
        self.process = None
        assert not self.ping()

    def queued(self, queue: str = "celery") -> int:
        return redis.Redis(port=self.port).llen(queue)


class Process:
    """A child process whose output goes to a log file the test can read."""

    def __init__(self, name: str, args: list[str], env: dict, log: Path):
        self.name = name
        self.log_path = log
        self._log = log.open("wb")
        self.popen = subprocess.Popen(  # noqa: S603
            args, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for_log(self, text: str, seconds: float = 120) -> None:
        if not wait_until(lambda: text in self.log() or self.popen.poll() is not None, seconds):
            raise AssertionError(f"{self.name}: no {text!r} in {seconds} s:\n{self.log()[-3000:]}")
        if text not in self.log():
            raise AssertionError(f"{self.name} exited:\n{self.log()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, no acknowledgement, as when a machine dies."""
        self.popen.send_signal(signal.SIGKILL)
        self.popen.wait(20)

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log.close()


def process_env(**extra: str) -> dict:
    """The environment of a child that works on the test database."""
    env = dict(os.environ)
    env.update(DEBUG="true", DATABASE_URL=database_url(), PYTHONUNBUFFERED="1", **extra)
    return env


def celery(kind: str, name: str, *, env: dict, directory: Path) -> Process:
    """`celery -A kpu_kerjasama worker` (solo pool: the task runs in the process a test
    kills) or `… beat`, started and ready."""
    args = [sys.executable, "-m", "celery", "-A", "kpu_kerjasama", kind, "--loglevel=INFO"]
    if kind == "worker":
        args += ["--pool=solo", "-n", f"{name}@%h", "--without-gossip", "--without-mingle"]
        ready = "ready."
    else:
        args += ["--schedule", str(directory / f"{name}-schedule")]
        ready = "beat: Starting..."
    process = Process(name, args, env, directory / f"{name}.log")
    process.wait_for_log(ready)
    return process
