from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from agreements.demo import seed_demo_agreements
from evaluations.services import evaluations_open_due
from offices.demo import DEMO_PASSWORD, seed_demo_users
from offices.models import Office
from partners.demo import seed_demo_partners


class Command(BaseCommand):
    help = "Buat data dan akun demo (idempoten). Ditolak bila DEBUG mati, kecuali dengan --force."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Jalankan walau DEBUG mati.")

    def handle(self, *args, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG mati: ini tampaknya server produksi. Akun demo berkata sandi umum; "
                "jalankan dengan --force bila memang disengaja."
            )
        if not Office.objects.exists():
            raise CommandError("Belum ada kantor. Jalankan dulu: manage.py load_offices")
        rows = seed_demo_users()
        partners = seed_demo_partners()
        agreements = seed_demo_agreements()
        evaluations = evaluations_open_due()
        self.stdout.write(
            f"Mitra demo: {len(partners) + 1}. Kerja sama demo: {agreements}. "
            f"Evaluasi baru dibuka: {evaluations}."
        )
        self.stdout.write(self.style.SUCCESS(f"Akun demo (kata sandi semuanya: {DEMO_PASSWORD}):"))
        for username, role, office in rows:
            self.stdout.write(f"  {username:<22} {role:<12} {office}")
        self.stdout.write("Buka http://127.0.0.1:8000 dan masuk dengan salah satu akun di atas.")
