"""Query budgets of the main pages (the table in bench/page_table.py, which bench/pages.py
times) for the four bench personas, on a small national data set generated once for the
module (`generate_national`, rolled back afterwards).

Queries are counted on a second request, as bench/pages.py counts them, so per-process caches
(content types, the instrument) are warm; session, user and membership queries are included,
and so are the BEGIN/COMMIT/SET statements of pages that open a transaction.
"""

import pytest
from django.core.management import call_command
from django.db import transaction

from bench.page_table import PAGES, PERSONAS, body_has, target_for
from bench.pages import count_queries

SIZE = {"agreements": 1000, "partners": 300, "evaluations": 1500}

# The most queries each page may run; the comment gives what the four personas ran when
# the budget was set (min–max).
BUDGETS = {
    "beranda": 8,  # 5–8
    "kerja sama: daftar": 9,  # 8–9
    "kerja sama: filter PKS ditandatangani": 9,  # 8–9
    "kerja sama: cari 'pemilih'": 9,  # 8–9
    "kerja sama: cari nomor (awalan)": 9,  # 8–9
    "kerja sama: urut berakhir efektif": 9,  # 8–9
    "kerja sama: halaman 50": 9,  # 8–9
    "kerja sama: detail ditandatangani": 8,  # 8 (the target)
    "kerja sama: detail draf": 6,  # 5–6
    "kerja sama: draf baru": 5,  # 4–5: the officials in office for the signatory picker
    "verifikasi: antrean": 7,  # 6–7
    "mitra: daftar": 7,  # 7
    "mitra: cari": 8,  # 8: the fuzzy matcher's index stamp (MAX id, updated_at)
    "monev: kantor": 14,  # 11–14: with the count of the no-follow-up panel
    "laporan": 16,  # 15–16: a province's or KPU RI's per-office figures from the cache
    "laporan: Excel": 14,  # 14 (operator.ponorogo; an office above has it rendered by a worker)
    "laporan: PDF": 16,  # 16
    "notifikasi": 5,  # 5
    "dasbor": 4,  # 3–4 (figures from the cache)
    "dasbor: pengawasan": 4,  # 4 (figures from the cache)
    "admin: daftar mitra (pembanding)": 6,  # 6
}
# Pages known to run more than their budget today, with the count measured. They are
# expected to fail until fixed.
OVER_BUDGET: dict[str, str] = {}


def _cases(*, answered_only: bool) -> list:
    cases = []
    for page in PAGES:
        for username in page.only:
            if answered_only and page.status_for(username) != 200:
                continue
            marks = []
            if answered_only and page.name in OVER_BUDGET:
                marks = [pytest.mark.xfail(reason=f"over budget: {OVER_BUDGET[page.name]}")]
            cases.append(pytest.param(username, page, marks=marks, id=f"{username}-{page.name}"))
    return cases


@pytest.fixture(scope="module")
def targets(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("generate_national", force=True, stdout=open("/dev/null", "w"), **SIZE)  # noqa: SIM115
        yield {username: target_for(username) for username in PERSONAS}
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def opened() -> dict:
    """Responses already fetched in this module: both tests of a page share one fetch."""
    return {}


@pytest.fixture
def open_page(targets, opened, db, client):
    """open_page(username, page) → (target, response, queries) of a warm request as that
    persona."""

    def _open(username, page):
        key = (username, page.name)
        if key not in opened:
            target = targets[username]
            client.force_login(target.user, backend="django.contrib.auth.backends.ModelBackend")
            url = page.url(target)
            client.get(url, secure=True)
            opened[key] = (target, *count_queries(client, url))
        return opened[key]

    return _open


def test_every_page_has_a_budget():
    assert set(BUDGETS) == {page.name for page in PAGES}
    assert set(OVER_BUDGET) <= set(BUDGETS)


@pytest.mark.parametrize(("username", "page"), _cases(answered_only=False))
def test_page_answers_persona(open_page, username, page):
    target, response, _ = open_page(username, page)
    assert response.status_code == page.status_for(username)
    if response.status_code == 200:
        assert body_has(response.content, page.expect(target))


@pytest.mark.parametrize(("username", "page"), _cases(answered_only=True))
def test_page_queries_within_budget(open_page, username, page):
    _, response, queries = open_page(username, page)
    assert response.status_code == 200
    assert len(queries) <= BUDGETS[page.name], "\n".join(q["sql"][:200] for q in queries)
