"""The app runs on the real engines: PostgreSQL and Redis, whichever way they were reached."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection


@pytest.mark.django_db
def test_database_is_postgresql_with_indonesian_search():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('indonesian', 'kerja sama pendidikan pemilih')")
        # The Indonesian stemmer strips affixes: pemilih → pilih, pendidikan → didik.
        assert cursor.fetchone()[0] == "'didik':3 'kerja':1 'pilih':4 'sama':2"


def test_cache_is_redis():
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    cache.set("uji-cache", "ada", 5)
    assert cache.get("uji-cache") == "ada"


def test_celery_serialises_json_and_acks_late():
    from kpu_kerjasama.celery import app

    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_acks_late is True
    assert app.conf.worker_prefetch_multiplier == 1


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/masuk/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
