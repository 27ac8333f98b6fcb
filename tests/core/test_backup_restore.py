"""Backup and restore, as `make backup` / `make restore` run them (manage.py in a process of its
own): a database with agreements and uploaded files is backed up, restored into a fresh
database and MEDIA_ROOT, and every table's row count and every file's checksum come back.
A damaged archive and a database that is not empty are refused before anything is touched."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from agreements.attachments import attachment_add
from core import backups
from tests.files import PDF, PNG
from tests.processes import ROOT, database_url


def _manage(*args: str, database: str, media: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.update(
        DEBUG="true",
        DATABASE_URL=database_url(database),
        MEDIA_ROOT=str(media),
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _connect(name: str):
    settings = connection.settings_dict
    return psycopg2.connect(
        dbname=name,
        user=settings.get("USER") or None,
        password=settings.get("PASSWORD") or None,
        host=settings.get("HOST") or None,
        port=settings.get("PORT") or None,
    )


def _counts(name: str) -> dict[str, int]:
    with _connect(name) as conn, conn.cursor() as cursor:
        counts = backups.table_counts(cursor)
    conn.close()
    return counts


def _checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): backups.sha256_file(path)
        for path in backups.media_files(root)
    }


@pytest.fixture
def fresh_database():
    """An empty database on the same server, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore"
    admin = _connect("postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def saved(transactional_db, ponorogo_data, operator, settings, tmp_path):
    """Agreements, an evaluation, a review, an uploaded PDF and odd file names on disk."""
    settings.MEDIA_ROOT = tmp_path / "media"
    attachment = attachment_add(
        user=operator,
        agreement=ponorogo_data["draft"],
        kind="DRAFT",
        upload=SimpleUploadedFile("draf.pdf", PDF, content_type="application/pdf"),
    )
    odd = settings.MEDIA_ROOT / "private" / "logo" / "Kantor – Ponorogo (1).png"
    odd.parent.mkdir(parents=True)
    odd.write_bytes(PNG)
    return {"attachment": attachment, "media": Path(settings.MEDIA_ROOT)}


def test_backup_restores_every_row_and_file_into_a_fresh_database(saved, fresh_database, tmp_path):
    source = connection.settings_dict["NAME"]
    made = _manage(
        "backup", "--output-dir", str(tmp_path / "backups"), database=source, media=saved["media"]
    )
    assert made.returncode == 0, made.stderr
    (backup,) = (tmp_path / "backups").iterdir()
    manifest = json.loads((backup / "manifest.json").read_text())
    assert backup.stat().st_mode & 0o777 == 0o700  # every record and upload: owner only
    assert sorted(p.name for p in backup.iterdir()) == [
        "database.dump",
        "manifest.json",
        "media.tar",
    ]
    for name, entry in manifest["files"].items():
        assert backups.sha256_file(backup / name) == entry["sha256"]
    source_counts = _counts(source)
    assert manifest["database"]["tables"] == source_counts
    assert source_counts["offices_office"] == 553 and source_counts["agreements_agreement"] == 4
    assert saved["attachment"].file.name in {
        name.removeprefix("private/") for name in manifest["media"]["files"]
    }

    restored_media = tmp_path / "restored-media"
    done = _manage("restore", str(backup), database=fresh_database, media=restored_media)
    assert done.returncode == 0, done.stderr
    assert "Pemulihan selesai" in done.stdout
    assert _counts(fresh_database) == source_counts
    assert _checksums(restored_media) == _checksums(saved["media"])
    assert len(_checksums(restored_media)) == 2
    with _connect(fresh_database) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT title FROM agreements_agreement ORDER BY title")
        titles = [row[0] for row in cursor.fetchall()]
        # Sequences come back too: the next row does not collide with a restored one.
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('agreements_agreement', 'id')) > max(id) "
            "FROM agreements_agreement"
        )
        assert cursor.fetchone()[0] is True
    conn.close()
    assert titles == ["Draf KKN", "NK pendidikan pemilih", "PKS berakhir dini", "PKS pengamanan"]


def test_restore_refuses_a_database_in_use_and_a_damaged_archive(saved, fresh_database, tmp_path):
    source = connection.settings_dict["NAME"]
    made = _manage(
        "backup", "--output-dir", str(tmp_path / "backups"), database=source, media=saved["media"]
    )
    assert made.returncode == 0, made.stderr
    (backup,) = (tmp_path / "backups").iterdir()
    media = tmp_path / "restored-media"
    assert _manage("restore", str(backup), database=fresh_database, media=media).returncode == 0
    before = _counts(fresh_database)

    again = _manage("restore", str(backup), database=fresh_database, media=media)
    assert again.returncode != 0
    assert f"Basis data {fresh_database} berisi" in again.stderr and "FORCE=1" in again.stderr

    damaged = tmp_path / "damaged"
    shutil.copytree(backup, damaged)
    with (damaged / "database.dump").open("r+b") as dump:
        dump.seek(200)
        byte = dump.read(1)
        dump.seek(200)
        dump.write(bytes([byte[0] ^ 0xFF]))
    refused = _manage("restore", str(damaged), "--force", database=fresh_database, media=media)
    assert refused.returncode != 0
    assert "Checksum database.dump tidak cocok" in refused.stderr
    assert _counts(fresh_database) == before  # nothing was dropped

    forced = _manage("restore", str(backup), "--force", database=fresh_database, media=media)
    assert forced.returncode == 0, forced.stderr
    assert _counts(fresh_database) == before == _counts(source)
    assert _checksums(media) == _checksums(saved["media"])
    aside = [p.name for p in tmp_path.iterdir() if p.name.startswith("restored-media.before-")]
    assert len(aside) == 1  # the files that were there are kept, not deleted
    assert _checksums(tmp_path / aside[0]) == _checksums(saved["media"])


def test_tools_are_chosen_by_version():
    path, version = backups.pg_tool("pg_dump", at_least=connection.pg_version // 10000)
    assert backups.tool_version(path) == version
    assert version[0] >= connection.pg_version // 10000
    # The embedded PostgreSQL 16 is dumped with the client shipped in the pgserver wheel when
    # the PATH has an older one.
    _, embedded = backups.pg_tool("pg_dump", at_least=16)
    assert embedded[0] >= 16
    # A version no installed client reaches names what it found.
    with pytest.raises(Exception, match="pg_dump versi 99 atau lebih baru tidak ditemukan"):
        backups.pg_tool("pg_dump", at_least=99)
