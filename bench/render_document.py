"""Overhead of the agreement PDF pipeline against bare WeasyPrint, on a 5-page NK.

    DEBUG=true .venv/bin/python bench/render_document.py [runs]   # default 10

Pipeline: `agreements.documents.document_render` as the Celery task runs it (claim the row,
load the agreement, build the HTML, core.pdf, store the file with its SHA-256, mark READY).
Bare: `weasyprint.HTML(string=html, base_url=<static>).write_pdf()` on the same HTML (the base
URL only lets it load the same stylesheet). Also core.pdf alone on the same HTML, which shares
the pipeline's FontConfiguration, so pipeline / core.pdf is the cost of the database, template
and storage work. Runs alternate, after one warm-up of each; medians and ratios are printed
(target: pipeline / bare ≤ 1.2).

Works in a throwaway database (test_<name>_bench_<pid>, migrated, offices loaded, dropped at
the end) with files in a temporary folder: it leaves nothing behind and needs no migrated
development database.
"""

import datetime
import io
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kpu_kerjasama.settings")
os.environ.setdefault("DEBUG", "true")
django.setup()

import weasyprint  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import override_settings  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from agreements import document_layout, documents, services  # noqa: E402
from agreements.models import AgreementDocument  # noqa: E402
from core.pdf import html_to_pdf, static_base_url  # noqa: E402
from offices.models import Membership, Office  # noqa: E402
from partners.models import Partner  # noqa: E402

PAGES = 5
# WeasyPrint narrates every step at INFO; keep the figures readable.
logging.getLogger("weasyprint").setLevel(logging.WARNING)
LAW = "Undang-Undang Nomor {n} Tahun 20{n:02d} tentang Peraturan Contoh Nomor {n};"


def pages_of(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def five_page_nk():
    """A complete NK draft of Ponorogo, padded with legal basis lines up to five pages."""
    from django.contrib.auth import get_user_model

    office = Office.objects.get(code="35.02")
    user = get_user_model().objects.create(username="bench-document-operator")
    Membership.objects.create(user=user, office=office, role=Membership.Role.OPERATOR)
    partner = Partner(name="Universitas Contoh Ponorogo", category="UNIVERSITY")
    partner.registered_by = office
    partner.save()
    agreement = services.agreement_create(
        user=user,
        office=office,
        kind="NK",
        title="Pendidikan Pemilih dan Kuliah Kerja Nyata Tematik Kepemiluan",
        kpu_signatory_name="Nama Ketua",
        considerations="bahwa KPU bertugas melaksanakan pendidikan pemilih;",
        legal_basis="",
        scope=["VOTER_EDUCATION"],
        divisi="PARTICIPATION",
        start_date=datetime.date(2025, 9, 11),
        end_date=datetime.date(2030, 9, 10),
        partners=[{"partner": partner, "signatory_name": "Rektor", "signatory_title": "Rektor"}],
    )
    lines: list[str] = []
    while pages_of(html_to_pdf(document_layout.document_html(agreement, final=False))) < PAGES:
        lines.append(LAW.format(n=len(lines) + 1))
        agreement.legal_basis = "\n".join(lines)
        agreement.save(update_fields=["legal_basis"])
    return agreement


def measure(agreement, runs: int) -> dict[str, list[float]]:
    """Seconds per run of the pipeline, of bare WeasyPrint, and of core.pdf alone (the same
    WeasyPrint call with the process-wide FontConfiguration: the share of the pipeline that is
    not database, template or storage)."""
    html = document_layout.document_html(agreement, final=False)
    base_url = static_base_url()
    times: dict[str, list[float]] = {"pipeline": [], "bare": [], "core.pdf": []}
    for run in range(runs + 1):  # run 0 is the warm-up of each
        row = AgreementDocument.objects.create(agreement=agreement, version=run + 1)
        t0 = time.perf_counter()
        document = documents.document_render(document_id=row.pk)
        t1 = time.perf_counter()
        weasyprint.HTML(string=html, base_url=base_url).write_pdf()
        t2 = time.perf_counter()
        html_to_pdf(html)
        t3 = time.perf_counter()
        assert document.status == AgreementDocument.Status.READY, document.error
        if run:
            times["pipeline"].append(t1 - t0)
            times["bare"].append(t2 - t1)
            times["core.pdf"].append(t3 - t2)
    return times


def main(runs: int) -> None:
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"test_{old_name}_bench_{os.getpid()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        call_command("load_offices", verbosity=0, stdout=io.StringIO())
        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
            agreement = five_page_nk()
            pages = pages_of(html_to_pdf(document_layout.document_html(agreement, final=False)))
            times = measure(agreement, runs)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"NK of {pages} pages, {runs} runs each (after one warm-up), medians:")
    print(f"  pipeline (document_render)      {medians['pipeline'] * 1000:6.0f} ms")
    print(f"  bare WeasyPrint, same HTML      {medians['bare'] * 1000:6.0f} ms")
    print(f"  core.pdf alone, same HTML       {medians['core.pdf'] * 1000:6.0f} ms")
    print(f"ratio pipeline / bare     {medians['pipeline'] / medians['bare']:.3f} (target <= 1.2)")
    print(f"ratio pipeline / core.pdf {medians['pipeline'] / medians['core.pdf']:.3f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
