"""`manage.py restore <backup folder>` (make restore FILE=…): checks the manifest's
checksums before touching anything, restores the archive into the configured database (which
must be empty unless --force), unpacks MEDIA_ROOT, then checks every table's row count and
every file's checksum against the manifest."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from core import backups

COUNT_RELATIONS = (
    "SELECT count(*) FROM pg_class WHERE relnamespace = current_schema()::regnamespace "
    "AND relkind IN ('r', 'p', 'v', 'm', 'S', 'f')"
)
# Everything the application keeps in its schema: tables (with their indexes, constraints,
# triggers and owned sequences), views, other sequences, functions and types.
DROP_ALL = """
DO $$
DECLARE
  item record;
BEGIN
  FOR item IN SELECT oid::regclass::text AS name, relkind FROM pg_class
      WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('v', 'm') LOOP
    EXECUTE format('DROP %s IF EXISTS %s CASCADE',
      CASE item.relkind WHEN 'v' THEN 'VIEW' ELSE 'MATERIALIZED VIEW' END, item.name);
  END LOOP;
  FOR item IN SELECT oid::regclass::text AS name, relkind FROM pg_class
      WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'p', 'f')
      AND NOT relispartition LOOP
    EXECUTE format('DROP %s IF EXISTS %s CASCADE',
      CASE item.relkind WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, item.name);
  END LOOP;
  -- Identity and serial sequences went with their tables; these stood alone.
  FOR item IN SELECT oid::regclass::text AS name FROM pg_class
      WHERE relnamespace = current_schema()::regnamespace AND relkind = 'S' LOOP
    EXECUTE format('DROP SEQUENCE IF EXISTS %s CASCADE', item.name);
  END LOOP;
  FOR item IN SELECT oid::regprocedure::text AS name, prokind FROM pg_proc
      WHERE pronamespace = current_schema()::regnamespace LOOP
    EXECUTE format('DROP %s IF EXISTS %s CASCADE',
      CASE item.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END,
      item.name);
  END LOOP;
  FOR item IN SELECT oid::regtype::text AS name, typtype FROM pg_type
      WHERE typnamespace = current_schema()::regnamespace AND typtype IN ('c', 'd', 'e', 'r')
      AND (typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = typrelid) = 'c') LOOP
    EXECUTE format('DROP %s IF EXISTS %s CASCADE',
      CASE item.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, item.name);
  END LOOP;
END
$$;
"""


def _relation_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute(COUNT_RELATIONS)
        return cursor.fetchone()[0]


def _media_in_use(root: Path) -> bool:
    return next(backups.media_files(root), None) is not None


class Command(BaseCommand):
    help = (
        "Pulihkan cadangan dari `make backup` ke basis data DATABASE_URL (harus kosong, kecuali "
        "--force) dan MEDIA_ROOT, lalu cocokkan jumlah baris dan checksum berkas."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="Folder cadangan (atau berkas di dalamnya).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Hapus isi basis data dan pindahkan MEDIA_ROOT yang ada sebelum memulihkan.",
        )

    def handle(self, *args, backup: Path, force: bool, **options):
        directory, manifest = backups.read_manifest(backup)
        backups.verify_files(directory, manifest)
        dumped_with = int(manifest["database"]["pg_dump_version"].split(".")[0])
        pg_restore, _ = backups.pg_tool("pg_restore", at_least=dumped_with)
        media_root = Path(settings.MEDIA_ROOT)
        name = connection.settings_dict["NAME"]
        relations = _relation_count()
        media_in_use = _media_in_use(media_root)
        if (relations or media_in_use) and not force:
            raise CommandError(
                f"Basis data {name} berisi {relations} tabel/objek"
                + (f" dan {media_root} berisi berkas" if media_in_use else "")
                + ". Pulihkan ke basis data dan MEDIA_ROOT yang kosong, atau ulangi dengan "
                "FORCE=1 (make) / --force untuk menimpanya."
            )
        if relations:
            with connection.cursor() as cursor:
                cursor.execute(DROP_ALL)
            self.stdout.write(f"Isi basis data {name} dihapus ({relations} objek).")
        if media_in_use:
            aside = media_root.with_name(
                f"{media_root.name}.before-restore-{timezone.now():%Y%m%d-%H%M%S}"
            )
            media_root.rename(aside)
            self.stdout.write(f"MEDIA_ROOT lama dipindahkan ke {aside}.")
        connection.close()
        backups.run_tool(
            [
                pg_restore,
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={name}",
                str(directory / backups.DUMP),
            ],
            env=backups.pg_env(connection.settings_dict),
        )
        backups.extract_media_tar(directory / backups.MEDIA, media_root)
        self._verify(manifest, media_root)
        tables = manifest["database"]["tables"]
        self.stdout.write(
            f"Pemulihan selesai dari {directory}\n"
            f"  basis data {name}: {len(tables)} tabel, {sum(tables.values())} baris, cocok\n"
            f"  berkas unggahan: {len(manifest['media']['files'])} berkas di {media_root}, cocok"
        )

    def _verify(self, manifest: dict, media_root: Path) -> None:
        with connection.cursor() as cursor:
            counts = backups.table_counts(cursor)
        expected = manifest["database"]["tables"]
        if counts != expected:
            wrong = sorted(
                f"{table}: {expected.get(table)} → {counts.get(table)}"
                for table in set(counts) | set(expected)
                if counts.get(table) != expected.get(table)
            )
            raise CommandError("Jumlah baris tidak cocok dengan manifest: " + "; ".join(wrong))
        files = {
            path.relative_to(media_root).as_posix(): backups.sha256_file(path)
            for path in backups.media_files(media_root)
        }
        if files != manifest["media"]["files"]:
            raise CommandError("Berkas unggahan hasil pemulihan tidak cocok dengan manifest.")
