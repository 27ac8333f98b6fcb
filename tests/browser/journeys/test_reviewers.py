"""The reviewers: KPU Provinsi Jawa Timur works its queue (reads the document preview, returns
a Ponorogo NK with a note, approves the next round), at 1366×900 and 390×844 without sideways
scrolling; KPU RI takes the NK's second step and clears it for signing."""

import datetime
import re

import pytest

from agreements import services
from agreements.demo import _fields
from agreements.models import Agreement
from partners.models import Partner
from reviews.models import Review
from reviews.services import review_decide
from tests.browser.journeys.conftest import DESKTOP, SIZES, log_in, nav

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Pendidikan Pemilih dan KKN Tematik Kepemiluan"
NOTE = "Sebutkan fakultas yang melaksanakan KKN tematik."


@pytest.fixture
def submitted_nk(operator, reviewer, ri_reviewer, ponorogo) -> Agreement:
    """An NK of Ponorogo with UMPO, submitted through the services (Jawa Timur, then KPU RI)."""
    umpo = Partner.objects.create(
        name="Universitas Muhammadiyah Ponorogo",
        short_name="UMPO",
        category=Partner.Category.UNIVERSITY,
        registered_by=ponorogo,
        leader_title="Rektor",
    )
    fields = _fields(umpo, TITLE, datetime.date(2026, 1, 5), 5)
    fields["title"] = TITLE
    agreement = services.agreement_create(user=operator, office=ponorogo, kind="NK", **fields)
    return services.agreement_submit(user=operator, agreement=agreement)


def _open_from_queue(page, walk, name: str) -> None:
    nav(page, "Verifikasi")
    walk.look(f"{name}-antrean")
    queue = page.get_by_test_id("queue")
    queue.get_by_role("link", name=re.compile("KKN Tematik")).click()
    page.get_by_role("heading", name="Pratinjau naskah").wait_for()
    walk.look(f"{name}-verifikasi")


def _decide(page, decision: str, notes: str = "") -> None:
    page.get_by_label(decision).check()
    if notes:
        page.get_by_role("textbox", name="Catatan").fill(notes)
    page.get_by_role("button", name="Simpan keputusan").click()
    page.get_by_text("Keputusan verifikasi disimpan.").wait_for()


@SIZES
def test_provincial_reviewer_returns_then_approves(
    submitted_nk, operator, live_server, page, walk, viewport
):
    from playwright.sync_api import expect

    walk = walk(page, viewport)
    log_in(page, live_server, "verifikator.jatim")
    walk.look("beranda")
    _open_from_queue(page, walk, "putaran-1")
    # The preview is the document's text: its Pasal, filled from the agreement.
    preview = page.locator(".document-preview")
    expect(preview).to_contain_text("Pasal 1")
    expect(preview).to_contain_text("Universitas Muhammadiyah Ponorogo")
    _decide(page, "Kembalikan dengan catatan", NOTE)
    walk.look("putaran-1-dikembalikan")
    submitted_nk.refresh_from_db()
    assert submitted_nk.state == Agreement.State.RETURNED
    assert Review.objects.get(round=1).notes == NOTE

    # The operator answers the note and submits again (services: the operator's journey
    # clicks this part).
    services.agreement_update(
        user=operator,
        agreement=submitted_nk,
        lock_version=submitted_nk.lock_version,
        title=f"{TITLE} Fakultas Hukum",
    )
    services.agreement_submit(user=operator, agreement=Agreement.objects.get(pk=submitted_nk.pk))

    page.goto(f"{live_server.url}/")
    _open_from_queue(page, walk, "putaran-2")
    expect(page.get_by_text(NOTE)).to_be_visible()  # the earlier round and its note
    _decide(page, "Setujui")
    walk.look("putaran-2-disetujui")
    nav(page, "Verifikasi")
    expect(page.get_by_test_id("queue-total")).to_contain_text("0 menunggu")
    walk.look("antrean-kosong")
    # Approved here, the NK goes on to KPU RI.
    pending = Review.objects.get(decision=Review.Decision.PENDING)
    assert pending.office.level == "NATIONAL"
    if viewport["width"] < 500:
        walk.assert_no_sideways_scroll()


def test_national_reviewer_takes_the_nk_second_step(
    submitted_nk, reviewer, live_server, page, walk
):
    from playwright.sync_api import expect

    review_decide(review=Review.objects.get(), user=reviewer, decision=Review.Decision.APPROVED)
    walk = walk(page, DESKTOP)
    log_in(page, live_server, "verifikator.ri")
    _open_from_queue(page, walk, "ri")
    expect(page.get_by_text("KPU Provinsi Jawa Timur: Disetujui")).to_be_visible()
    _decide(page, "Setujui")
    walk.look("ri-disetujui")
    submitted_nk.refresh_from_db()
    assert submitted_nk.state == Agreement.State.CLEARED

    log_in(page, live_server, "operator.ponorogo")
    page.goto(f"{live_server.url}{submitted_nk.get_absolute_url()}")
    expect(page.get_by_role("link", name="Catat penandatanganan")).to_be_visible()
    walk.look("siap-ditandatangani")
