"""Backups: the database as a pg_dump custom-format archive, MEDIA_ROOT as a tar, and a
manifest with the sha256 of both, the row count of every table and the checksum of every
media file, so a restore can prove it got back what was saved.

The PostgreSQL tools are found by version: pg_dump must be at least as new as the server it
dumps, pg_restore at least as new as the pg_dump that wrote the archive. The candidates are
PG_BIN_DIR (if set), the PATH, and the binaries shipped in the pgserver wheel (the embedded
PostgreSQL 16), so both a DATABASE_URL server and the embedded one are covered.
"""

import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import CommandError
from psycopg2 import sql

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media.tar"
_VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?")


def pg_env(database: dict) -> dict[str, str]:
    """The environment libpq tools read to reach `database` (a DATABASES entry); the password
    travels in PGPASSWORD, never on a command line."""
    env = dict(os.environ)
    values = {
        "PGHOST": database.get("HOST") or "",
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": database.get("USER") or "",
        "PGPASSWORD": database.get("PASSWORD") or "",
        "PGDATABASE": database["NAME"],
        "PGSSLMODE": (database.get("OPTIONS") or {}).get("sslmode", ""),
    }
    for name, value in values.items():
        env.pop(name, None)
        if value:
            env[name] = value
    return env


def tool_version(path: str) -> tuple[int, int]:
    """(major, minor) of a PostgreSQL client tool, from its --version line."""
    output = subprocess.run(  # noqa: S603 — a fixed argument list
        [path, "--version"], capture_output=True, text=True, check=True, timeout=30
    ).stdout
    match = _VERSION.search(output)
    if not match:
        raise CommandError(f"Versi {path} tidak terbaca: {output.strip()!r}")
    return int(match.group(1)), int(match.group(2) or 0)


def _candidates(name: str) -> Iterator[str]:
    if os.environ.get("PG_BIN_DIR"):
        yield str(Path(os.environ["PG_BIN_DIR"]) / name)
    found = shutil.which(name)
    if found:
        yield found
    # Found without importing pgserver, which would set up its runtime directory.
    spec = importlib.util.find_spec("pgserver")
    if spec is not None and spec.origin:
        yield str(Path(spec.origin).parent / "pginstall" / "bin" / name)


def pg_tool(name: str, *, at_least: int) -> tuple[str, tuple[int, int]]:
    """The first `name` (pg_dump, pg_restore) whose major version is `at_least` or newer."""
    seen = []
    for path in _candidates(name):
        if not os.access(path, os.X_OK):
            continue
        version = tool_version(path)
        if version[0] >= at_least:
            return path, version
        seen.append(f"{path} ({version[0]}.{version[1]})")
    raise CommandError(
        f"{name} versi {at_least} atau lebih baru tidak ditemukan"
        + (f"; yang ada: {', '.join(seen)}" if seen else "")
        + ". Pasang klien PostgreSQL yang sesuai atau arahkan PG_BIN_DIR ke folder bin-nya."
    )


def run_tool(args: list[str], *, env: dict[str, str]) -> None:
    """Run a PostgreSQL tool; its own error message becomes the command's error."""
    result = subprocess.run(args, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise CommandError(
            f"{Path(args[0]).name} gagal (kode {result.returncode}):\n{result.stderr.strip()}"
        )


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def table_counts(cursor) -> dict[str, int]:
    """Rows in every table of the connection's current schema, by table name."""
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    names = [row[0] for row in cursor.fetchall()]
    counts = {}
    for name in names:
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(name)))
        counts[name] = cursor.fetchone()[0]
    return counts


def media_files(root: Path) -> Iterator[Path]:
    """Every regular file under `root` (symlinks are not followed), in a stable order."""
    if not root.is_dir():
        return
    for directory, subdirs, files in os.walk(root):
        subdirs.sort()
        for name in sorted(files):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                yield path


def write_media_tar(root: Path, target: Path) -> dict[str, str]:
    """Tar every file under `root` (paths relative to it); returns {relative path: sha256}."""
    checksums = {}
    with tarfile.open(target, "w") as archive:
        for path in media_files(root):
            relative = path.relative_to(root).as_posix()
            checksums[relative] = sha256_file(path)
            archive.add(path, arcname=relative, recursive=False)
    return checksums


def extract_media_tar(source: Path, root: Path) -> None:
    """Unpack into `root`; the "data" filter refuses absolute paths, `..`, links out of the
    tree and device files, so a tampered archive cannot write outside MEDIA_ROOT."""
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source, "r") as archive:
        archive.extractall(root, filter="data")


def write_manifest(directory: Path, manifest: dict) -> None:
    """Written last and renamed into place: a backup without a manifest is incomplete."""
    partial = directory / f"{MANIFEST}.part"
    partial.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    partial.replace(directory / MANIFEST)


def read_manifest(location: Path) -> tuple[Path, dict]:
    """The backup directory and its manifest, from the directory or any file in it."""
    directory = location if location.is_dir() else location.parent
    path = directory / MANIFEST
    if not path.is_file():
        raise CommandError(f"{path} tidak ada: bukan folder cadangan yang lengkap.")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise CommandError(f"Format cadangan {manifest.get('format')!r} tidak dikenal.")
    return directory, manifest


def verify_files(directory: Path, manifest: dict) -> None:
    """Every file the manifest lists exists with its size and sha256."""
    for name, expected in manifest["files"].items():
        path = directory / name
        if not path.is_file():
            raise CommandError(f"{name} tidak ada di {directory}.")
        if path.stat().st_size != expected["size"] or sha256_file(path) != expected["sha256"]:
            raise CommandError(
                f"Checksum {name} tidak cocok dengan manifest: berkas rusak atau diubah. "
                "Pemulihan dibatalkan; basis data dan berkas tidak disentuh."
            )
