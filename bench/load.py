"""Throughput under a mixed load: gunicorn on loopback against a national data set.

    DATABASE_URL=<the 100k set> .venv/bin/python bench/load.py \
        [--duration 60] [--concurrency 16] [--workers 5] [--write]

Starts gunicorn (`kpu_kerjasama.wsgi`, bench/settings.py, DEBUG off) on a free port of
127.0.0.1, signs the four bench personas in through the login form (CSRF token and session
cookie, as a browser does), then runs `--concurrency` threads for `--duration` seconds (and at
most `--max-requests` requests), each sending one request at a time: 70% an agreement detail
in the persona's scope, 25% the agreement list (default, page 2, a filter), 5% the home page.
Prints requests per second, p50 and p95 per kind and overall, and the errors (any status
other than 200); stops gunicorn at the end. Only loopback is ever contacted.
"""

import argparse
import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
MIX = (("detail", 70), ("list", 25), ("home", 5))
LISTS = ("/kerja-sama/", "/kerja-sama/?page=2", "/kerja-sama/?kind=PKS&state=SIGNED")
DETAIL_IDS = 300


def server_env() -> dict:
    return os.environ | {
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-not-a-secret"),
        "ALLOWED_HOSTS": HOST,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        # As behind a TLS-terminating proxy: requests carry X-Forwarded-Proto: https.
        "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_gunicorn(port: int, workers: int, log) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "gunicorn", "kpu_kerjasama.wsgi",
        "--bind", f"{HOST}:{port}", "--workers", str(workers), "--timeout", "120",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=server_env(), stdout=log, stderr=log)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if request(port, "/sehat/")[0] == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("gunicorn did not answer /sehat/ within 60 s")


def request(port: int, path: str, cookie: str = "", body: str = "", headers=None):
    """(status, headers, body) of one request to the local server."""
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        sent = {"X-Forwarded-Proto": "https"} | ({"Cookie": cookie} if cookie else {})
        if body:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request("POST" if body else "GET", path, body or None, sent | (headers or {}))
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def _cookies(headers) -> dict:
    found = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            found[key] = rest.split(";", 1)[0]
    return found


def sign_in(port: int, username: str, password: str) -> str:
    """The Cookie header of a session signed in through the login form."""
    status, headers, page = request(port, "/masuk/")
    cookies = _cookies(headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    form = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token}
    )
    cookie = f"csrftoken={cookies['csrftoken']}"
    origin = {"Origin": f"https://{HOST}:{port}", "Referer": f"https://{HOST}:{port}/masuk/"}
    status, headers, _ = request(port, "/masuk/", cookie, form, origin)
    session = _cookies(headers).get("sessionid")
    if status != 302 or not session:
        raise RuntimeError(f"{username} could not sign in (HTTP {status})")
    return f"sessionid={session}"


def detail_paths() -> dict[str, list[str]]:
    """Agreement detail paths in each persona's scope (read from the same database)."""
    os.environ.update(server_env())
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from agreements.models import Agreement
    from bench.page_table import PERSONAS

    paths = {}
    for username in PERSONAS:
        user = get_user_model().objects.get(username=username)
        ids = Agreement.objects.for_user(user).order_by("?").values_list("pk", flat=True)
        paths[username] = [f"/kerja-sama/{pk}/" for pk in ids[:DETAIL_IDS]]
    return paths


class Load:
    """Worker threads sharing a deadline, a request cap and the results."""

    def __init__(self, port: int, sessions: dict, details: dict, stop_at: float, cap: int):
        self.port, self.sessions, self.details = port, sessions, details
        self.stop_at, self.cap = stop_at, cap
        self.lock = threading.Lock()
        self.sent = 0
        self.results: list[tuple[str, float, int]] = []

    def _take(self) -> bool:
        with self.lock:
            if self.sent >= self.cap or time.monotonic() >= self.stop_at:
                return False
            self.sent += 1
            return True

    def _path(self, rng: random.Random, kind: str, username: str) -> str:
        if kind == "detail":
            return rng.choice(self.details[username])
        return rng.choice(LISTS) if kind == "list" else "/"

    def worker(self, seed: int) -> None:
        rng = random.Random(seed)  # noqa: S311  (a load mix, not a secret)
        kinds, weights = zip(*MIX, strict=True)
        while self._take():
            username = rng.choice(list(self.sessions))
            kind = rng.choices(kinds, weights)[0]
            path = self._path(rng, kind, username)
            started = time.perf_counter()
            try:
                status = request(self.port, path, self.sessions[username])[0]
            except OSError:
                status = 0
            elapsed = (time.perf_counter() - started) * 1000
            with self.lock:
                self.results.append((kind, elapsed, status))


def summary(results: list, seconds: float) -> str:
    lines = ["| kind | requests | req/s | p50 ms | p95 ms | errors |"]
    lines.append("|---|---:|---:|---:|---:|---:|")
    for kind in [k for k, _ in MIX] + ["all"]:
        rows = [r for r in results if kind in ("all", r[0])]
        if not rows:
            continue
        times = sorted(r[1] for r in rows)
        errors = sum(1 for r in rows if r[2] != 200)
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        lines.append(
            f"| {kind} | {len(rows)} | {len(rows) / seconds:.1f} | "
            f"{statistics.median(times):.0f} | {p95:.0f} | {errors} |"
        )
    return "\n".join(lines)


def run(args, details: dict) -> tuple[list, float]:
    """gunicorn up, personas signed in, the threads run; gunicorn stopped whatever happens."""
    from offices.demo import DEMO_PASSWORD

    port = free_port()
    with (Path(tempfile.gettempdir()) / f"kpu-bench-gunicorn-{port}.log").open("w") as log:
        server = start_gunicorn(port, args.workers, log)
        try:
            sessions = {name: sign_in(port, name, DEMO_PASSWORD) for name in details}
            stop_at = time.monotonic() + args.duration
            load = Load(port, sessions, details, stop_at, args.max_requests)
            threads = [
                threading.Thread(target=load.worker, args=(n,)) for n in range(args.concurrency)
            ]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            return load.results, time.monotonic() - started
        finally:
            server.terminate()
            server.wait(timeout=30)


def data_set() -> dict:
    """What bench.pages.machine() reports of the database."""
    from django.db import connection

    from agreements.models import Agreement

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return {"postgres": cursor.fetchone()[0], "agreements": Agreement.objects.count()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--max-requests", type=int, default=100_000)
    parser.add_argument("--write", action="store_true", help="append to bench/RESULTS.md")
    args = parser.parse_args()
    results, seconds = run(args, detail_paths())
    from bench.pages import machine, today

    text = (
        f"{machine([data_set()])}\n\n"
        f"gunicorn {args.workers} sync workers, {args.concurrency} client threads, "
        f"{seconds:.0f} s; the {os.cpu_count()} cores are shared by gunicorn, PostgreSQL and "
        f"the client.\n\n`{' '.join(sys.argv)}`\n\n{summary(results, seconds)}\n"
    )
    print(text)
    if args.write:
        with (ROOT / "bench" / "RESULTS.md").open("a") as results_file:
            results_file.write(f"\n## Load, {today()}\n\n{text}")


if __name__ == "__main__":
    main()
