"""Wall time of a partner import (upload check, validation, import), synchronously.

    DEBUG=true .venv/bin/python bench/partner_import.py [rows]   # default 5000

Runs against the configured database (DATABASE_URL, or the embedded one) inside a transaction
that is rolled back, with uploads in a temporary folder: it leaves nothing behind.
"""

import io
import os
import sys
import tempfile
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kpu_kerjasama.settings")
os.environ.setdefault("DEBUG", "true")
django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import override_settings  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from offices.models import Membership, Office  # noqa: E402
from partners import imports  # noqa: E402
from partners.import_files import IMPORT_COLUMNS  # noqa: E402
from partners.models import Partner, PartnerImport  # noqa: E402


class Rollback(Exception):
    pass


def workbook_bytes(rows: int) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([column.header for column in IMPORT_COLUMNS])
    for n in range(rows):
        sheet.append(
            [f"Lembaga Uji Beban {n:05d}", "", "Perguruan Tinggi", "35", "35.02", "Jl. Contoh",
             "Rektor", "Dr. Contoh", "contoh.ac.id", f"humas{n}@contoh.ac.id", "0352-1",
             "Tidak", "", ""]
        )  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main(rows: int) -> None:
    from django.contrib.auth import get_user_model

    content = workbook_bytes(rows)
    print(f"{rows} rows, {len(content) / 1024:.0f} KiB")
    with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
        try:
            with transaction.atomic():
                office = Office.objects.get(code="35.02")
                user = get_user_model().objects.create(username="bench-import-operator")
                Membership.objects.create(user=user, office=office, role="OPERATOR")
                before = Partner.objects.count()
                upload = SimpleUploadedFile("mitra.xlsx", content)
                t0 = time.perf_counter()
                job = imports.partner_import_start(actor=user, office=office, upload=upload)
                t1 = time.perf_counter()
                imports.partner_import_validate(import_id=job.pk)
                t2 = time.perf_counter()
                job.refresh_from_db()
                assert job.status == PartnerImport.Status.READY, job.errors[:3]
                PartnerImport.objects.filter(pk=job.pk).update(
                    status=PartnerImport.Status.IMPORTING, confirmed_by=user
                )
                imports.partner_import_run(import_id=job.pk)
                t3 = time.perf_counter()
                assert Partner.objects.count() == before + rows
                print(
                    f"upload check {t1 - t0:.2f} s, validation {t2 - t1:.2f} s, "
                    f"import {t3 - t2:.2f} s, total {t3 - t0:.2f} s"
                )
                raise Rollback
        except Rollback:
            pass


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
