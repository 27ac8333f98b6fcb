"""Queries, size and response times of the main pages, per persona, on a national data set
(`manage.py generate_national`); see bench/README.md.

    .venv/bin/python bench/pages.py [--runs 20] [--write]          # the DATABASE_URL database
    .venv/bin/python bench/pages.py --small-db URL --large-db URL [--runs 20] [--write]

In-process with Django's test client, DEBUG off (this script sets DEBUG=false, a SECRET_KEY
and ALLOWED_HOSTS=testserver in its own environment, and uses bench/settings.py: the app's
settings with unhashed static URLs); requests are marked secure, as behind the proxy that
terminates TLS. Each page is requested once to warm up (checking the status and a piece of
the content; "first ms"), once to count its queries, then timed `--runs` times (3 for the
PDF and Excel files). List pages are also timed as their bare SQL: the queries on the listed
table that the page ran, re-run through a cursor ("list ÷ SQL" is page p50 / SQL p50). With
two databases each runs in a subprocess with its DATABASE_URL and the table adds
p95(large) / p95(small). `--write` appends the table to bench/RESULTS.md.
"""

import argparse
import datetime
import json
import logging
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
HEAVY_RUNS = 3
LIST_TABLES = ("agreements_agreement", "partners_partner")


def setup_django() -> None:
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    logging.getLogger("django.request").setLevel(logging.ERROR)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _timed(work, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _bare_sql(queries: list[dict], runs: int) -> float | None:
    """p50 of re-running the page's queries on the listed table through a cursor (ms)."""
    from django.db import connection

    statements = [q["sql"] for q in queries if any(t in q["sql"] for t in LIST_TABLES)]
    if not statements:
        return None

    def run():
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()

    return statistics.median(_timed(run, runs))


def count_queries(client, url: str) -> tuple[object, list[dict]]:
    """The response and the queries of one request of `url`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, secure=True)
    return response, list(captured.captured_queries)  # the next request clears the log


def measure(page, target, client, runs: int) -> dict:
    """A warm-up request (checked), a counted one, then the timed ones."""
    from bench.page_table import body_has

    url = page.url(target)
    started = time.perf_counter()
    response = client.get(url, secure=True)  # as behind the TLS-terminating proxy
    first = (time.perf_counter() - started) * 1000
    if response.status_code != 200 or not body_has(response.content, page.expect(target)):
        raise RuntimeError(f"{target.username} {url}: {response.status_code}, content unexpected")
    response, queries = count_queries(client, url)
    runs = min(runs, HEAVY_RUNS) if page.heavy else runs
    times = _timed(lambda: client.get(url, secure=True), runs)
    row = {
        "page": page.name,
        "persona": target.username,
        "url": url,
        "queries": len(queries),
        "kb": len(response.content) / 1024,
        "first": first,
        "p50": statistics.median(times),
        "p95": percentile(times, 0.95),
    }
    if page.is_list:
        row["sql_p50"] = _bare_sql(queries, runs)
    return row


def run_pages(runs: int) -> dict:
    """Every page for every persona on this process's database."""
    from django.db import connection
    from django.test import Client

    from agreements.models import Agreement
    from bench.page_table import PAGES, PERSONAS, target_for

    rows = []
    for username in PERSONAS:
        target = target_for(username)
        client = Client()
        client.force_login(target.user, backend="django.contrib.auth.backends.ModelBackend")
        for page in PAGES:
            if username in page.only and page.status_for(username) == 200:
                rows.append(measure(page, target, client, runs))
                print(f"  {rows[-1]['persona']:<18} {page.name:<36} {rows[-1]['p50']:8.1f} ms")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    return {"rows": rows, "postgres": version, "agreements": Agreement.objects.count()}


def run_child(url: str, runs: int) -> dict:
    """This script on another database, in a subprocess (settings read DATABASE_URL once)."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        env = os.environ | {"DATABASE_URL": url}
        command = [sys.executable, __file__, "--runs", str(runs), "--json", out.name]
        subprocess.run(command, env=env, check=True)  # noqa: S603  (our own script)
        return json.loads(Path(out.name).read_text())


def _ms(value) -> str:
    return "—" if value is None else f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def table(large: dict, small: dict | None = None) -> str:
    """The markdown table; with a small set, its p95 and the large/small ratio too."""
    head = "| page | persona | queries | KB | first ms | p50 ms | p95 ms |"
    rule = "|---|---|---:|---:|---:|---:|---:|"
    if small:
        head += " p95 ms (small) | p95 large/small |"
        rule += "---:|---:|"
        by_key = {(r["page"], r["persona"]): r for r in small["rows"]}
    head, rule = head + " list ÷ SQL |", rule + "---:|"
    lines = [head, rule]
    for row in large["rows"]:
        queries = str(row["queries"])
        cells = [row["page"], row["persona"], queries, f"{row['kb']:.0f}"]
        cells += [_ms(row["first"]), _ms(row["p50"]), _ms(row["p95"])]
        if small:
            other = by_key.get((row["page"], row["persona"]))
            if other and other["queries"] != row["queries"]:
                cells[2] = f"{other['queries']} → {row['queries']}"
            cells += [_ms(other and other["p95"]), _ratio(row["p95"], other and other["p95"])]
        sql = row.get("sql_p50")
        cells.append(_ratio(row["p50"], sql) if sql else "")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _ratio(top, bottom) -> str:
    return f"{top / bottom:.1f}" if top and bottom else "—"


def today() -> str:
    """The UTC date (Django sets the process time zone to the app's once it is set up)."""
    return f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d}"


def machine(results: list[dict]) -> str:
    memory = next(
        (line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
         if line.startswith("MemTotal")),
        "0",
    )  # fmt: skip
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    sets = " and ".join(f"{r['agreements']:,} agreements" for r in results)
    return (
        f"{today()}, commit {commit}: {os.cpu_count()} cores (nproc), "
        f"{int(memory) / 1024 / 1024:.0f} GiB RAM, PostgreSQL {results[0]['postgres']}, "
        f"Python {platform.python_version()}; data sets: {sets}."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--small-db", help="DATABASE_URL of the small (1k) set")
    parser.add_argument("--large-db", help="DATABASE_URL of the large (100k) set")
    parser.add_argument("--write", action="store_true", help="append to bench/RESULTS.md")
    parser.add_argument("--json", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.small_db and args.large_db:
        small, large = run_child(args.small_db, args.runs), run_child(args.large_db, args.runs)
        report, results = table(large, small), [small, large]
    else:
        setup_django()
        large = run_pages(args.runs)
        if args.json:
            Path(args.json).write_text(json.dumps(large))
            return
        report, results = table(large), [large]
    text = f"{machine(results)}\n\n`{' '.join(sys.argv)}`\n\n{report}\n"
    print(text)
    if args.write:
        with RESULTS.open("a") as results_file:
            results_file.write(f"\n## Pages, {today()}\n\n{text}")


if __name__ == "__main__":
    main()
