from pathlib import Path

from django.core.management.base import BaseCommand

from offices.services import OFFICES_CSV, offices_load


class Command(BaseCommand):
    help = "Muat KPU RI, 38 KPU Provinsi dan 514 KPU Kabupaten/Kota (idempoten)."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=OFFICES_CSV)

    def handle(self, *args, file: Path, **options):
        result = offices_load(path=file)
        self.stdout.write(
            f"Kantor: {len(result.created)} baru, {len(result.updated)} diperbarui, "
            f"{len(result.deactivated)} dinonaktifkan."
        )
        for name in result.updated[:20]:
            self.stdout.write(f"  diperbarui: {name}")
        for name in result.deactivated:
            self.stdout.write(f"  dinonaktifkan: {name}")
