"""Every production setting comes from the environment, with secure defaults when DEBUG is
off (README "Deploying"). Each case loads the settings module in a fresh interpreter."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NAMES = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_REFERRER_POLICY",
    "SILENCED_SYSTEM_CHECKS",
    "AXES_IPWARE_META_PRECEDENCE_ORDER",
    "AXES_IPWARE_PROXY_COUNT",
    "STATIC_ROOT",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_USE_TLS",
    "EMAIL_HOST_PASSWORD",
]
PRODUCTION = {"DEBUG": "false", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "kerjasama.kpu.go.id"}
PRINT = f"""
import json
import kpu_kerjasama.settings as s
print(json.dumps({{n: getattr(s, n, None) for n in {NAMES!r}}}, default=str))
"""


def _settings(**variables) -> dict:
    removed = set(NAMES) | {"TRUSTED_PROXY_COUNT", "SECURE_COOKIES", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in removed} | variables
    result = subprocess.run(
        [sys.executable, "-c", PRINT], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_defaults_are_secure():
    loaded = _settings(**PRODUCTION)
    assert loaded["DEBUG"] is False
    assert loaded["SECURE_SSL_REDIRECT"] is True
    assert loaded["SECURE_HSTS_SECONDS"] == 31_536_000
    assert loaded["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert loaded["SESSION_COOKIE_SECURE"] is True and loaded["CSRF_COOKIE_SECURE"] is True
    assert loaded["SECURE_REFERRER_POLICY"] == "same-origin"
    assert loaded["SECURE_PROXY_SSL_HEADER"] is None
    assert loaded["AXES_IPWARE_META_PRECEDENCE_ORDER"] == ["REMOTE_ADDR"]
    assert loaded["AXES_IPWARE_PROXY_COUNT"] is None


def test_every_production_setting_is_read_from_the_environment():
    loaded = _settings(
        **PRODUCTION,
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="3600",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="false",
        SECURE_HSTS_PRELOAD="true",
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_REFERRER_POLICY="strict-origin",
        TRUSTED_PROXY_COUNT="2",
        STATIC_ROOT="/srv/kerjasama/static",
        EMAIL_HOST="smtp.kpu.go.id",
        EMAIL_PORT="587",
        EMAIL_USE_TLS="true",
        EMAIL_HOST_PASSWORD="rahasia",
    )
    assert loaded["SECURE_SSL_REDIRECT"] is False
    assert loaded["SECURE_HSTS_SECONDS"] == 3600
    assert loaded["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert loaded["SECURE_HSTS_PRELOAD"] is True and loaded["SILENCED_SYSTEM_CHECKS"] == []
    assert loaded["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert loaded["SESSION_COOKIE_SECURE"] is False and loaded["CSRF_COOKIE_SECURE"] is False
    assert loaded["SECURE_REFERRER_POLICY"] == "strict-origin"
    assert loaded["AXES_IPWARE_META_PRECEDENCE_ORDER"] == ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    assert loaded["AXES_IPWARE_PROXY_COUNT"] == 1
    assert loaded["STATIC_ROOT"] == "/srv/kerjasama/static"
    assert (loaded["EMAIL_HOST"], loaded["EMAIL_PORT"]) == ("smtp.kpu.go.id", 587)
    assert loaded["EMAIL_USE_TLS"] is True and loaded["EMAIL_HOST_PASSWORD"] == "rahasia"


def test_a_malformed_proxy_ssl_header_is_refused_at_start():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env |= PRODUCTION | {"SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO"}
    result = subprocess.run(
        [sys.executable, "-c", "import kpu_kerjasama.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "SECURE_PROXY_SSL_HEADER" in result.stderr
