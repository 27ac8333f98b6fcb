"""Production mode, answered for real: gunicorn on a free loopback port with DEBUG off.

Run by `make prod-check`, which sets DEBUG=false and the production variables, collects the
static files and runs `check --deploy --fail-level WARNING` first. This script then:

- creates a database of its own beside the configured one (like the tests' database),
  migrates it and adds the offices and one operator;
- starts gunicorn against it, as the reverse proxy of the README would reach it
  (X-Forwarded-Proto and X-Forwarded-For set, TRUSTED_PROXY_COUNT=1);
- asserts on real responses: hashed static files served by whitenoise, the security headers,
  the HTTPS redirect, secure session cookies, `Cache-Control: no-store` for a signed-in user,
  django-axes seeing the client's address, Indonesian 400/403/404/500 pages and no debug page;
- stops gunicorn and drops its database, and exits 1 when any check failed.
"""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kpu_kerjasama.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

HOST = "localhost"
CLIENT_IP = "203.0.113.7"  # TEST-NET-3: what the proxy says the client's address is
USERNAME = "operator.prodcheck"
PASSWORD = "prod-check-kata-sandi-panjang"  # noqa: S105 — a throwaway user in a throwaway database
DEBUG_MARKERS = ("Traceback", "You're seeing this error because", "DEBUG = True", "Request Method:")
HASHED_STATIC = re.compile(r"^/static/[\w./-]+\.[0-9a-f]{12}\.(css|js|svg|ico|png)$")
# Text assets whitenoise stores gzipped (an icon whose gzip saves too little is kept as is).
COMPRESSED = (".css", ".js", ".svg")
LOG_DIR = ROOT / "var" / "prod-check"
failures: list[str] = []


def check(condition: bool, what: str, detail: object = "") -> None:
    print(f"prod-check: {'ok  ' if condition else 'FAIL'} {what}")
    if not condition:
        failures.append(what)
        if detail:
            print(f"            {str(detail)[:600]}")


class Response:
    def __init__(self, raw: http.client.HTTPResponse):
        self.status = raw.status
        self.headers = raw.headers
        self.body = raw.read().decode("utf-8", "replace")

    def header(self, name: str) -> str:
        return self.headers.get(name, "")

    def cookies(self) -> SimpleCookie:
        jar = SimpleCookie()
        for value in self.headers.get_all("Set-Cookie") or []:
            jar.load(value)
        return jar


def fetch(port: int, path: str, *, method="GET", headers=None, body=None, https=True) -> Response:
    """One request as the reverse proxy would pass it on (HTTPS terminated, client address)."""
    sent = {"Host": HOST, "X-Forwarded-For": CLIENT_IP}
    if https:
        sent["X-Forwarded-Proto"] = "https"
    sent.update(headers or {})
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=sent)
        return Response(conn.getresponse())
    finally:
        conn.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(name: str) -> str:
    """DATABASE_URL for the gunicorn processes (a unix-socket host goes in ?host=)."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or ""
    if host.startswith("/"):
        query = {"host": host} | ({"port": db["PORT"]} if db["PORT"] else {})
        return f"postgres://{auth}@/{name}?{urlencode(query)}"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{auth}@{host}{port}/{name}"


def start_gunicorn(db_name: str, log_name: str, workers: int = 2):
    port = free_port()
    log = open(LOG_DIR / log_name, "w")  # noqa: SIM115 — closed with the process
    env = dict(os.environ, DATABASE_URL=database_url(db_name))
    process = subprocess.Popen(  # noqa: S603 — fixed arguments
        [
            *(sys.executable, "-m", "gunicorn", "kpu_kerjasama.wsgi"),
            *("--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--timeout", "120"),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return process, port, log


def wait_until_up(process, port: int, ready_status: int) -> bool:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            if fetch(port, "/sehat/").status == ready_status:
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def stop(process, log) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log.close()


def no_debug_page(response: Response, what: str) -> None:
    found = [marker for marker in DEBUG_MARKERS if marker in response.body]
    check(not found, f"{what}: no debug page", found)


def create_data() -> None:
    from core.models import User
    from offices.models import Membership, Office

    call_command("load_offices", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    user = User.objects.create_user(username=USERNAME, password=PASSWORD)
    office = Office.objects.get(code="35.02")
    Membership.objects.create(user=user, office=office, role=Membership.Role.OPERATOR)


def check_static_and_headers(port: int) -> Response:
    page = fetch(port, "/masuk/")
    check(page.status == 200, "login page answers 200", page.status)
    check('<html lang="id">' in page.body, "login page is in Indonesian")
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.body)
    check(bool(assets), "login page links static files", assets)
    for asset in assets:
        check(bool(HASHED_STATIC.match(asset)), f"{asset} has a hashed name")
        served = fetch(port, asset, headers={"Accept-Encoding": "gzip"})
        check(served.status == 200, f"{asset} served by whitenoise", served.status)
        check("immutable" in served.header("Cache-Control"), f"{asset} cached forever")
        if asset.endswith(COMPRESSED):
            check(served.header("Content-Encoding") == "gzip", f"{asset} served compressed")
    check_security_headers(page, "login page")
    return page


def check_security_headers(response: Response, what: str) -> None:
    policy = response.header("Content-Security-Policy")
    check("script-src 'self'" in policy, f"{what}: CSP limits scripts to the site", policy)
    check("unsafe-inline" not in policy and "unsafe-eval" not in policy, f"{what}: strict CSP")
    hsts = response.header("Strict-Transport-Security")
    check("max-age=31536000" in hsts, f"{what}: HSTS for a year", hsts)
    check(response.header("X-Content-Type-Options") == "nosniff", f"{what}: nosniff")
    check(response.header("X-Frame-Options") == "DENY", f"{what}: X-Frame-Options DENY")
    check(response.header("Referrer-Policy") == "same-origin", f"{what}: Referrer-Policy")


def check_https(port: int) -> None:
    plain = fetch(port, "/masuk/", https=False)
    location = plain.header("Location")
    check(plain.status == 301 and location == f"https://{HOST}/masuk/", "HTTP → HTTPS", location)


def log_in(port: int, login_page: Response, password: str) -> Response:
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.body)
    cookie = login_page.cookies()[settings.CSRF_COOKIE_NAME].value
    form = {"username": USERNAME, "password": password, "csrfmiddlewaretoken": token.group(1)}
    headers = {
        "Cookie": f"{settings.CSRF_COOKIE_NAME}={cookie}",
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": f"https://{HOST}",
        "Referer": f"https://{HOST}/masuk/",
    }
    return fetch(port, "/masuk/", method="POST", headers=headers, body=urlencode(form))


def check_login(port: int, login_page: Response) -> str:
    """A failed login is counted against the client's address; a good one sets a secure
    session cookie. Returns the Cookie header of the session."""
    from axes.models import AccessAttempt

    failed = log_in(port, login_page, "salah-kata-sandi")
    check(failed.status == 200, "a wrong password shows the form again", failed.status)
    seen = list(
        AccessAttempt.objects.filter(username=USERNAME).values_list("ip_address", flat=True)
    )
    check(seen == [CLIENT_IP], "django-axes keys the attempt on the client's address", seen)
    signed_in = log_in(port, fetch(port, "/masuk/"), PASSWORD)
    check(signed_in.status == 302, "the right password signs in", signed_in.status)
    session = signed_in.cookies().get(settings.SESSION_COOKIE_NAME)
    check(session is not None and bool(session["secure"]), "session cookie is Secure")
    check(session is not None and bool(session["httponly"]), "session cookie is HttpOnly")
    return f"{settings.SESSION_COOKIE_NAME}={session.value}" if session else ""


def check_signed_in_pages(port: int, cookie: str) -> None:
    for path in ("/", "/kerja-sama/", "/mitra/", "/notifikasi/"):
        page = fetch(port, path, headers={"Cookie": cookie})
        check(page.status == 200, f"{path} answers a signed-in operator", page.status)
        check("no-store" in page.header("Cache-Control"), f"{path}: Cache-Control no-store")
        check_security_headers(page, path)
        no_debug_page(page, path)


def check_error_pages(port: int, cookie: str) -> None:
    signed_in = {"Cookie": cookie}
    cases = [
        ("404 (anonymous)", fetch(port, "/tidak-ada/"), 404, "Halaman tidak ditemukan"),
        ("404 (signed in)", fetch(port, "/tidak-ada/", headers=signed_in), 404, "tidak ditemukan"),
        ("404 (static)", fetch(port, "/static/tidak-ada.css"), 404, "Halaman tidak ditemukan"),
        ("403 (role)", fetch(port, "/pengguna/", headers=signed_in), 403, "Akses ditolak"),
        (
            "403 (CSRF)",
            fetch(port, "/masuk/", method="POST", body="username=x"),
            403,
            "Formulir tidak dapat diproses",
        ),
        (
            "400 (NUL)",
            fetch(port, "/pengguna/?q=%00", headers=signed_in),
            400,
            "Permintaan tidak valid",
        ),
        ("400 (host)", fetch(port, "/", headers={"Host": "evil.example"}), 400, "tidak valid"),
    ]
    for what, response, status, text in cases:
        check(response.status == status, f"{what} answers {status}", response.status)
        check(text in response.body, f"{what} page in Indonesian", response.body[:300])
        no_debug_page(response, what)


def check_server_error(db_name: str) -> None:
    """A second gunicorn whose database does not exist: the 500 page, without a request."""
    process, port, log = start_gunicorn(f"{db_name}_tidak_ada", "gunicorn-500.log", workers=1)
    try:
        up = wait_until_up(process, port, ready_status=500)
        check(up, "gunicorn with an unreachable database starts")
        if up:
            response = fetch(port, "/sehat/")
            check(response.status == 500, "database down answers 500", response.status)
            check("Terjadi kesalahan pada server" in response.body, "500 page in Indonesian")
            no_debug_page(response, "500")
    finally:
        stop(process, log)


def run_checks(db_name: str) -> None:
    process, port, log = start_gunicorn(db_name, "gunicorn.log")
    try:
        up = wait_until_up(process, port, ready_status=200)
        check(up, f"gunicorn answers on 127.0.0.1:{port}")
        if not up:
            return
        login_page = check_static_and_headers(port)
        check_https(port)
        cookie = check_login(port, login_page)
        check_signed_in_pages(port, cookie)
        check_error_pages(port, cookie)
    finally:
        stop(process, log)
    check_server_error(db_name)


def main() -> int:
    check(not settings.DEBUG, "DEBUG is off")
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    original = connection.settings_dict["NAME"]
    test = connection.settings_dict.setdefault("TEST", {})
    test["NAME"] = f"test_{original}_prodcheck_{os.getpid()}"
    db_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        create_data()
        run_checks(db_name)
    finally:
        connection.creation.destroy_test_db(original, verbosity=0)
    if failures:
        print(f"prod-check: {len(failures)} check(s) failed; logs in {LOG_DIR}")
        for log_file in sorted(LOG_DIR.glob("gunicorn*.log")):
            print(f"--- {log_file.name} (last lines)")
            print("\n".join(log_file.read_text().splitlines()[-40:]))
        return 1
    print("prod-check: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
