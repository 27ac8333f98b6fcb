"""manage.py send_reminders [--date YYYY-MM-DD] [--dry-run]: the daily reminder pass by hand."""

import datetime
from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboards.reminders import reminders_run
from offices.models import Office


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Tanggal tidak sah: {value} (pakai YYYY-MM-DD).") from error


class Command(BaseCommand):
    help = (
        "Kirim pengingat yang jatuh tempo hari ini (tanggal setempat tiap kantor), atau pada "
        "--date untuk semua kantor. Dengan --dry-run hanya mencetak apa yang akan dikirim."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=_date, help="Tanggal setempat, YYYY-MM-DD.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Cetak saja; tidak ada yang dicatat."
        )
        parser.add_argument(
            "--queries", action="store_true", help="Cetak juga jumlah kueri basis data."
        )

    def handle(self, *args, date=None, dry_run=False, queries=False, **options):
        with CaptureQueriesContext(connection) as captured:
            deliveries = reminders_run(on_date=date, dry_run=dry_run)
        by_office = defaultdict(list)
        for delivery in deliveries:
            by_office[delivery.reminder.office_id].append(delivery)
        names = dict(Office.objects.filter(pk__in=by_office).values_list("pk", "name"))
        for office_id in sorted(by_office, key=lambda pk: names[pk]):
            self.stdout.write(self.style.MIGRATE_HEADING(names[office_id]))
            for delivery in by_office[office_id]:
                reminder = delivery.reminder
                self.stdout.write(f"  [{reminder.kind} {reminder.threshold}] {reminder.title}")
                for person in delivery.recipients:
                    self.stdout.write(f"    → {person.username} <{person.email or '-'}>")
                if not delivery.recipients:
                    self.stdout.write("    → (tidak ada penerima di kantor ini)")
        verb = "akan dikirim" if dry_run else "dikirim"
        total = sum(len(d.recipients) for d in deliveries)
        self.stdout.write(f"{len(deliveries)} pengingat {verb} ke {total} penerima.")
        if queries:
            self.stdout.write(f"{len(captured.captured_queries)} kueri.")
