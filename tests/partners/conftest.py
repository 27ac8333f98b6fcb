"""Partner fixtures: import files stored under tmp_path, the import's check run in the
test's own process (except under a real worker), and a checked five-row import."""

import pytest

from partners.import_models import PartnerImport
from partners.tasks import validate_partner_import
from tests.partners import import_sheets as sheets


@pytest.fixture(autouse=True)
def private_files(tmp_path, settings):
    """Uploaded import files go to a temporary directory, not ./var/media."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def validation_in_process(request, monkeypatch):
    """The upload queues its check in Celery; here the queued task runs in the test's own
    process (except for the tests with a real worker)."""
    if request.node.get_closest_marker("celery") is None:
        monkeypatch.setattr(
            validate_partner_import, "delay", lambda **kwargs: validate_partner_import(**kwargs)
        )


@pytest.fixture
def ready_import(login, operator):
    sheets.upload_checked(login(operator), sheets.xlsx(sheets.rows(5)))
    partner_import = PartnerImport.objects.get()
    assert partner_import.status == PartnerImport.Status.READY
    return partner_import
