"""`manage.py backup` (make backup): the database, MEDIA_ROOT and a manifest into
<BACKUP_DIR>/<timestamp>/ (default ./var/backups)."""

import os
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from core import backups


def _target(base: Path) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    for suffix in ["", *(f"-{n}" for n in range(2, 100))]:
        target = base / f"{stamp}{suffix}"
        try:
            # Readable by the app's user only: the backup holds every record and upload.
            target.mkdir(parents=True, mode=0o700)
        except FileExistsError:
            continue
        return target
    raise CommandError(f"Tidak dapat membuat folder cadangan di {base}.")


def _migrations() -> dict[str, str]:
    """The last applied migration of each app: what the restored code must be at least."""
    recorder = MigrationRecorder(connection)
    last: dict[str, str] = {}
    if not recorder.has_table():
        return last
    for app, name in recorder.migration_qs.order_by("app", "name").values_list("app", "name"):
        last[app] = name
    return last


def _dump(pg_dump: tuple[str, tuple[int, int]], path: Path) -> dict:
    """pg_dump the database into `path`; returns the manifest's "database" entry."""
    tool, version = pg_dump
    # pg_dump reads the snapshot this transaction exports, so the row counts in the manifest
    # are those of the very data in the archive, whatever is written meanwhile.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
        snapshot, server_version = cursor.fetchone()
        tables = backups.table_counts(cursor)
        migrations = _migrations()
        backups.run_tool(
            [tool, "--format=custom", f"--snapshot={snapshot}", f"--file={path}"],
            env=backups.pg_env(connection.settings_dict),
        )
    return {
        "name": connection.settings_dict["NAME"],
        "server_version": server_version,
        "pg_dump_version": ".".join(map(str, version)),
        "tables": tables,
        "migrations": migrations,
    }


class Command(BaseCommand):
    help = (
        "Cadangkan basis data (pg_dump, format custom), berkas unggahan (MEDIA_ROOT) dan "
        "manifest checksum ke <BACKUP_DIR>/<waktu>/."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=None,
            help="Folder induk cadangan (bawaan: $BACKUP_DIR atau ./var/backups).",
        )

    def handle(self, *args, output_dir: Path | None, **options):
        base = output_dir or Path(
            os.environ.get("BACKUP_DIR") or settings.BASE_DIR / "var" / "backups"
        )
        if connection.in_atomic_block:
            raise CommandError("Cadangan dibuat di luar transaksi yang sedang berjalan.")
        connection.ensure_connection()
        pg_dump = backups.pg_tool("pg_dump", at_least=connection.pg_version // 10000)
        target = _target(base.resolve())
        try:
            database = _dump(pg_dump, target / backups.DUMP)
            media_root = Path(settings.MEDIA_ROOT)
            media = backups.write_media_tar(media_root, target / backups.MEDIA)
            files = {
                name: {
                    "sha256": backups.sha256_file(target / name),
                    "size": (target / name).stat().st_size,
                }
                for name in (backups.DUMP, backups.MEDIA)
            }
            backups.write_manifest(
                target,
                {
                    "format": backups.FORMAT,
                    "created_at": timezone.now().isoformat(),
                    "database": database,
                    "files": files,
                    "media": {"root": str(media_root), "files": media},
                },
            )
        except BaseException:
            # No half-made backup is left to be mistaken for a good one.
            shutil.rmtree(target, ignore_errors=True)
            raise
        tables = database["tables"]
        self.stdout.write(
            f"Cadangan selesai: {target}\n"
            f"  basis data {database['name']}: {len(tables)} tabel, "
            f"{sum(tables.values())} baris ({files[backups.DUMP]['size']} byte)\n"
            f"  berkas unggahan: {len(media)} berkas dari {media_root}"
        )
