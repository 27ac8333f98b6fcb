"""The admin of KPU Provinsi Jawa Timur: creates a reviewer for the province through the
Administrasi menu, then deactivates a regency operator; the new user signs in, the
deactivated one no longer can."""

import pytest
from django.contrib.auth import get_user_model

from offices.models import Membership
from tests.browser.journeys.conftest import DESKTOP, log_in, nav
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_admin_creates_a_user_with_a_role_and_deactivates_one(
    jatim_admin, operator, live_server, page, walk
):
    from playwright.sync_api import expect

    walk = walk(page, DESKTOP)
    log_in(page, live_server, "admin.jatim")
    nav(page, "Pengguna", menu="Administrasi")
    walk.look("pengguna")
    page.get_by_role("link", name="Tambah pengguna").click()
    page.get_by_label("Nama pengguna").fill("verifikator2.jatim")
    page.get_by_label("Nama depan").fill("Ratna")
    page.get_by_label("Nama belakang").fill("Kusumawati")
    page.get_by_label("Kantor").select_option(label="KPU Provinsi Jawa Timur")
    page.get_by_label("Peran").select_option(label="Verifikator")
    page.get_by_label("Kata sandi*", exact=True).fill(PASSWORD)
    page.get_by_label("Ulangi kata sandi").fill(PASSWORD)
    walk.look("pengguna-baru")
    page.get_by_role("button", name="Buat pengguna").click()
    expect(page.get_by_role("heading", name="Ratna Kusumawati")).to_be_visible()
    walk.look("pengguna-dibuat")
    created = get_user_model().objects.get(username="verifikator2.jatim")
    assert created.memberships.get().role == Membership.Role.REVIEWER

    nav(page, "Pengguna", menu="Administrasi")
    page.get_by_role("link", name=str(operator)).click()
    page.get_by_role("button", name="Nonaktifkan").click()
    expect(page.get_by_text("nonaktif", exact=True)).to_be_visible()
    walk.look("pengguna-dinonaktifkan")
    operator.refresh_from_db()
    assert not operator.is_active

    log_in(page, live_server, "verifikator2.jatim")
    expect(page.get_by_test_id("current-office")).to_contain_text("KPU Provinsi Jawa Timur")
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/masuk/")
    page.get_by_label("Nama pengguna").fill("operator.ponorogo")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_test_id("current-office")).to_have_count(0)
    assert "/masuk/" in page.url
    walk.look("masuk-ditolak")
