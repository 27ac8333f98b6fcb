"""axe-core (npm, node_modules/axe-core) run inside Chromium over the main pages as each main
persona sees them: no serious or critical violation of WCAG 2.1 A/AA. Every violation found
is printed by impact (pytest -s), so the minor and moderate ones can be read too."""

from collections import Counter

import pytest

from tests.browser.axe import BLOCKING, axe_violations
from tests.browser.journeys.conftest import DESKTOP, PHONE, log_in, screenshot_folder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IMPACTS = ("critical", "serious", "moderate", "minor")


def _pages(live_server, data, ponorogo, jatim) -> dict[str, list[tuple[str, str]]]:
    detail = data["draft"].get_absolute_url()
    return {
        "operator.ponorogo": [
            ("beranda", "/"),
            ("dasbor", "/dasbor/"),
            ("daftar-kerja-sama", "/kerja-sama/"),
            ("rincian-draf", detail),
            ("rincian-nk", data["nk"].get_absolute_url()),
            ("draf-baru", "/kerja-sama/baru/?kind=PKS"),
            ("ubah-draf", f"{detail}ubah/"),
            ("daftar-mitra", "/mitra/"),
            ("mitra-baru", "/mitra/baru/"),
            ("monev", f"/monev/kantor/{ponorogo.pk}/"),
            ("laporan", f"/monev/laporan/{ponorogo.pk}/"),
        ],
        "verifikator.jatim": [
            ("antrean", "/verifikasi/"),
            ("verifikasi", None),  # the first review of the queue
            ("monev-provinsi", f"/monev/kantor/{jatim.pk}/"),
        ],
        "komisioner.jatim": [
            ("dasbor", "/dasbor/"),
            ("pengawasan", "/dasbor/pengawasan/"),
            ("laporan", f"/monev/laporan/{jatim.pk}/"),
        ],
        "admin.jatim": [("pengguna", "/pengguna/"), ("pengguna-baru", "/pengguna/baru/")],
    }


def _review_url(live_server) -> str:
    from django.urls import reverse

    from reviews.models import Review

    return reverse("reviews:detail", args=[Review.objects.order_by("pk").first().pk])


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
def test_main_pages_have_no_serious_or_critical_axe_violations(
    ponorogo_data,
    ponorogo,
    jatim,
    reviewer,
    jatim_commissioner,
    jatim_admin,
    live_server,
    page,
    walk,
    viewport,
):
    walk = walk(page, viewport)
    blocking, counts, lines = [], Counter(), []
    review_url = _review_url(live_server)
    for username, pages in _pages(live_server, ponorogo_data, ponorogo, jatim).items():
        log_in(page, live_server, username)
        for name, path in pages:
            response = page.goto(f"{live_server.url}{path or review_url}")
            assert response.status == 200, (username, name, response.status)
            walk.look(f"{username}-{name}")
            impacts = Counter()
            for violation in axe_violations(page):
                impacts[violation["impact"]] += 1
                counts[(violation["impact"], violation["id"])] += 1
                if violation["impact"] in BLOCKING:
                    blocking.append(f"{username} {name}: {violation}")
            lines.append(_result_line(viewport, username, name, impacts))
    # One line per page (width, persona, page, violations by impact) beside the screenshots.
    results = screenshot_folder() / f"axe-{viewport['width']}.tsv"
    results.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\naxe", viewport["width"], dict(counts) or "tanpa pelanggaran")
    assert not blocking, "\n".join(blocking)


def _result_line(viewport: dict, username: str, name: str, impacts: Counter) -> str:
    by_impact = [str(impacts[impact]) for impact in IMPACTS]
    return "\t".join([str(viewport["width"]), username, name, *by_impact])
