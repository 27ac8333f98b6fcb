from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from agreements.models import Agreement
from evaluations.national_data import REFERENCE, generate
from partners.models import Partner


class Command(BaseCommand):
    help = (
        "Buat data nasional untuk benchmark: mitra, kerja sama, verifikasi dan monev di 553 "
        "kantor, deterministik untuk satu --seed. Ditolak bila DEBUG mati, kecuali --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agreements", type=int, default=100_000)
        parser.add_argument("--partners", type=int, default=20_000)
        parser.add_argument("--evaluations", type=int, default=300_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--reset", action="store_true", help="Kosongkan dulu tabel yang dibuat generator."
        )
        parser.add_argument("--force", action="store_true", help="Jalankan walau DEBUG mati.")

    def handle(self, *args, reset: bool, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG mati: ini tampaknya server produksi. Generator membuat akun dengan kata "
                "sandi demo; jalankan dengan --force bila memang disengaja."
            )
        if not reset and (Agreement.objects.exists() or Partner.objects.exists()):
            raise CommandError("Sudah ada mitra atau kerja sama. Jalankan dengan --reset.")
        if min(options["agreements"], options["partners"]) < 1 or options["evaluations"] < 0:
            raise CommandError("Jumlah kerja sama dan mitra minimal 1.")
        self.stdout.write(f"Data per tanggal {REFERENCE:%d-%m-%Y}, seed {options['seed']}.")
        timings = generate(
            agreements=options["agreements"],
            partners=options["partners"],
            evaluations=options["evaluations"],
            seed=options["seed"],
            reset=reset,
            out=self.stdout.write,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Selesai dalam {sum(timings.values()):.1f} s: {Partner.objects.count()} mitra, "
                f"{Agreement.objects.count()} kerja sama."
            )
        )
