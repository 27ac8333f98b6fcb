"""Confirming a partner import: all or nothing, progress, scope and roles, and the real
worker and sweep."""

import pytest
from django.urls import reverse

from core.models import ActivityLog
from core.uploads import private_storage
from partners import imports
from partners.import_models import PartnerImport
from partners.models import Partner
from partners.tasks import run_partner_import, validate_partner_import
from tests.factories import PartnerFactory
from tests.helpers import wait_for_status
from tests.partners import import_sheets as sheets

Status = PartnerImport.Status


# --- all or nothing -------------------------------------------------------------------


@pytest.mark.django_db
def test_import_rechecks_registry_on_confirm(login, operator, ready_import, outsider):
    PartnerFactory(name="Lembaga Uji 0004")  # registered meanwhile by someone else
    login(operator).post(reverse("partners:import-confirm", args=[ready_import.pk]))
    ready_import.refresh_from_db()
    assert ready_import.status == Status.INVALID
    assert sheets.errors(ready_import) == {(5, "Nama")}
    assert "Registri mitra berubah" in ready_import.message
    assert Partner.objects.count() == 1


@pytest.mark.django_db
def test_import_failure_midway_creates_nothing(login, operator, ready_import, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "log_activity", broken)
    login(operator).post(reverse("partners:import-confirm", args=[ready_import.pk]))
    ready_import.refresh_from_db()
    assert ready_import.status == Status.FAILED
    assert "tidak ada mitra yang dibuat" in ready_import.message
    assert Partner.objects.count() == 0
    assert Partner.history.count() == 0


@pytest.mark.django_db
def test_tasks_twice_do_not_double_create(operator, ready_import):
    assert imports.partner_import_validate(import_id=ready_import.pk) is None  # not PENDING
    imports.partner_import_confirm(actor=operator, partner_import=ready_import)
    run_partner_import(import_id=ready_import.pk)
    run_partner_import(import_id=ready_import.pk)
    validate_partner_import(import_id=ready_import.pk)
    assert Partner.objects.count() == 5
    assert PartnerImport.objects.get().status == Status.DONE
    assert ActivityLog.objects.filter(action="partner.imported").count() == 1


@pytest.mark.django_db
def test_tasks_for_a_deleted_import_return_quietly():
    assert validate_partner_import(import_id=987654) is None
    assert run_partner_import(import_id=987654) is None


@pytest.mark.django_db
def test_confirm_twice_is_refused(login, operator, ready_import):
    client = login(operator)
    client.post(reverse("partners:import-confirm", args=[ready_import.pk]))
    response = client.post(reverse("partners:import-confirm", args=[ready_import.pk]), follow=True)
    assert "tidak lagi menunggu konfirmasi" in response.content.decode()
    assert Partner.objects.count() == 5


# --- progress, scope and roles --------------------------------------------------------


@pytest.mark.django_db
def test_progress_partial_polls_while_working_and_stops_when_done(login, operator, ready_import):
    client = login(operator)
    url = reverse("partners:import-progress", args=[ready_import.pk])
    PartnerImport.objects.filter(pk=ready_import.pk).update(
        status=Status.VALIDATING, total_rows=250, processed_rows=100
    )
    working = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in working
    assert f'hx-get="{url}"' in working
    assert '<progress class="w-100" max="250" value="100"' in working
    assert "style=" not in working

    PartnerImport.objects.filter(pk=ready_import.pk).update(status=Status.DONE, created_count=5)
    done = client.get(url).content.decode()
    assert "hx-trigger" not in done
    assert "5 mitra didaftarkan atas nama KPU Kabupaten Ponorogo" in done


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["import-detail", "import-progress"])
def test_outsider_gets_404_on_another_office_import(login, outsider, ready_import, name):
    response = login(outsider).get(reverse(f"partners:{name}", args=[ready_import.pk]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_outsider_cannot_confirm_another_office_import(login, outsider, ready_import):
    response = login(outsider).post(reverse("partners:import-confirm", args=[ready_import.pk]))
    assert response.status_code == 404
    assert PartnerImport.objects.get().status == Status.READY


@pytest.mark.django_db
def test_province_sees_regency_import_but_cannot_confirm(login, jatim_admin, ready_import):
    client = login(jatim_admin)
    page = client.get(ready_import.get_absolute_url()).content.decode()
    assert "Lembaga Uji 0001" in page
    assert reverse("partners:import-confirm", args=[ready_import.pk]) not in page
    response = client.post(reverse("partners:import-confirm", args=[ready_import.pk]))
    assert response.status_code == 403
    assert Partner.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["commissioner", "reviewer"])
def test_non_editors_get_403_on_upload(login, persona, request):
    client = login(request.getfixturevalue(persona))
    assert client.get(reverse("partners:import")).status_code == 403
    assert sheets.upload(client, sheets.xlsx(sheets.rows(2))).status_code == 403
    assert sheets.nothing_stored()


@pytest.mark.django_db
def test_commissioner_gets_403_on_confirm(login, commissioner, ready_import):
    response = login(commissioner).post(reverse("partners:import-confirm", args=[ready_import.pk]))
    assert response.status_code == 403
    assert PartnerImport.objects.get().status == Status.READY


@pytest.mark.django_db
def test_upload_form_shows_office_and_template_link(login, operator):
    page = login(operator).get(reverse("partners:import")).content.decode()
    assert "Mitra didaftarkan atas nama KPU Kabupaten Ponorogo." in page
    assert reverse("partners:import-template") in page
    assert 'enctype="multipart/form-data"' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["import", "import-template", "import-detail", "import-progress", "import-confirm"]
)
def test_import_pages_require_login(client, name):
    args = [] if name in ("import", "import-template") else [1]
    url = reverse(f"partners:{name}", args=args)
    response = client.post(url) if name == "import-confirm" else client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_import_wrong_methods_get_405(login, operator, ready_import):
    client = login(operator)
    assert client.get(reverse("partners:import-confirm", args=[ready_import.pk])).status_code == 405
    assert client.put(reverse("partners:import")).status_code == 405
    assert client.post(reverse("partners:import-template")).status_code == 405
    assert client.post(reverse("partners:import-progress", args=[1])).status_code == 405


# --- Celery: a real worker on Redis, and the sweep ------------------------------------


@pytest.mark.celery
def test_large_import_runs_on_a_real_worker(celery_worker, login, operator):
    client = login(operator)
    response = sheets.upload(client, sheets.xlsx(sheets.rows(250, {120: {"email": "salah"}})))
    assert response.status_code == 302
    pk = PartnerImport.objects.get().pk
    partner_import = wait_for_status(PartnerImport, pk, Status.INVALID)
    assert sheets.errors(partner_import) == {(121, "Email")}

    sheets.upload(client, sheets.xlsx(sheets.rows(250)))
    pk = PartnerImport.objects.latest("pk").pk
    wait_for_status(PartnerImport, pk, Status.READY)
    client.post(reverse("partners:import-confirm", args=[pk]))
    partner_import = wait_for_status(PartnerImport, pk, Status.DONE)
    assert partner_import.created_count == 250
    assert Partner.objects.count() == 250


@pytest.mark.django_db
def test_sweep_requeues_stuck_imports(ready_import, monkeypatch):
    queued = []
    monkeypatch.setattr(validate_partner_import, "delay", lambda **kw: queued.append(("v", kw)))
    monkeypatch.setattr(run_partner_import, "delay", lambda **kw: queued.append(("r", kw)))
    stuck = PartnerImport.objects.filter(pk=ready_import.pk)
    stuck.update(status=Status.VALIDATING, updated_at="2020-01-01T00:00Z")
    assert imports.partner_imports_requeue() == 1
    assert stuck.get().status == Status.PENDING
    assert queued == [("v", {"import_id": ready_import.pk})]

    stuck.update(status=Status.IMPORTING, updated_at="2020-01-01T00:00Z")
    queued.clear()
    assert imports.partner_imports_requeue() == 1
    assert queued == [("r", {"import_id": ready_import.pk})]
    stuck.update(updated_at="2100-01-01T00:00Z")  # fresh: a worker may still be on it
    assert imports.partner_imports_requeue() == 0


@pytest.mark.django_db
def test_uploaded_file_is_stored_privately(ready_import, tmp_path):
    assert ready_import.file.storage is private_storage
    assert (tmp_path / "private" / ready_import.file.name).exists()
    assert ready_import.original_filename == "mitra.xlsx"
    assert ready_import.file.name != "partners/imports/mitra.xlsx"
