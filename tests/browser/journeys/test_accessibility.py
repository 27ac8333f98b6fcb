"""axe-core (npm, node_modules/axe-core) run inside Chromium over the main pages as each main
persona sees them: no serious or critical violation of WCAG 2.1 A/AA. Every violation found
is printed by impact (pytest -s), so the minor and moderate ones can be read too."""

from collections import Counter
from pathlib import Path

import pytest

from tests.browser.journeys.conftest import DESKTOP, PHONE, ROOT, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


def _axe(page) -> list[dict]:
    """The violations on the page as it is now. The script is evaluated through the DevTools
    protocol, which the page's Content-Security-Policy does not govern (a <script> tag would
    be refused)."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(Path(AXE).read_text(encoding="utf-8"))
    return page.evaluate(
        """async (tags) => {
          const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
          return result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + n.failureSummary),
          }));
        }""",
        TAGS,
    )


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
        "komisioner.jatim": [("dasbor", "/dasbor/"), ("laporan", f"/monev/laporan/{jatim.pk}/")],
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
    blocking, counts = [], Counter()
    review_url = _review_url(live_server)
    for username, pages in _pages(live_server, ponorogo_data, ponorogo, jatim).items():
        log_in(page, live_server, username)
        for name, path in pages:
            response = page.goto(f"{live_server.url}{path or review_url}")
            assert response.status == 200, (username, name, response.status)
            walk.look(f"{username}-{name}")
            for violation in _axe(page):
                counts[(violation["impact"], violation["id"])] += 1
                if violation["impact"] in BLOCKING:
                    blocking.append(f"{username} {name}: {violation}")
    print("\naxe", viewport["width"], dict(counts) or "tanpa pelanggaran")
    assert not blocking, "\n".join(blocking)
