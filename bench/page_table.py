"""The main pages of the app and the personas that open them, shared by bench/pages.py
(timings on a national data set) and tests/test_page_budgets.py (query budgets).

A page is a URL built from the persona's targets (their office, a signed agreement and a draft
of it, a KPU number prefix, the last ended semester), a piece of text a working response
holds, and the status each persona gets (403 for a page their role may not open, 404 for
one that does not exist for their office).
Import it after Django is set up.
"""

import html
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count

from agreements.models import Agreement
from evaluations.selectors import last_ended_semester, office_today
from offices.models import Office, user_memberships

PERSONAS = ("admin.ri", "verifikator.jatim", "komisioner.jatim", "operator.ponorogo")
NOT_REVIEWERS = (("komisioner.jatim", 403), ("operator.ponorogo", 403))
NOT_OPERATORS = (("verifikator.jatim", 403), ("komisioner.jatim", 403))


@dataclass
class Target:
    """What a persona's pages point at, found in the data set."""

    username: str
    user: object
    office: Office
    signed: Agreement
    draft: Agreement
    number_prefix: str
    year: int
    semester: int

    @property
    def report(self) -> str:
        return f"/monev/laporan/{self.office.pk}/{self.year}/{self.semester}"


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[Target], str]
    expect: Callable[[Target], str]
    statuses: tuple[tuple[str, int], ...] = ()  # (persona, status) when not 200
    only: tuple[str, ...] = PERSONAS  # personas the page is opened for
    is_list: bool = False  # a list page: also timed as its bare SQL
    heavy: bool = False  # a file built per request (PDF, Excel): fewer runs

    def status_for(self, username: str) -> int:
        return dict(self.statuses).get(username, 200)


def _text(value: str) -> Callable[[Target], str]:
    return lambda target: value


def _list(name: str, query: str) -> Page:
    return Page(name, lambda t: f"/kerja-sama/{query}", _text("Daftar Kerja Sama"), is_list=True)


PAGES: list[Page] = [
    Page("beranda", lambda t: "/", _text("Selamat datang")),
    _list("kerja sama: daftar", ""),
    _list("kerja sama: filter PKS ditandatangani", "?kind=PKS&state=SIGNED"),
    _list("kerja sama: cari 'pemilih'", "?q=pemilih"),
    Page(
        "kerja sama: cari nomor (awalan)",
        lambda t: f"/kerja-sama/?q={t.number_prefix}",
        lambda t: t.signed.kpu_number,
        is_list=True,
    ),
    _list("kerja sama: urut berakhir efektif", "?sort=effective_end"),
    _list("kerja sama: halaman 50", "?page=50"),
    Page(
        "kerja sama: detail ditandatangani",
        lambda t: f"/kerja-sama/{t.signed.pk}/",
        lambda t: t.signed.kpu_number,
    ),
    Page(
        "kerja sama: detail draf",
        lambda t: f"/kerja-sama/{t.draft.pk}/",
        lambda t: html.escape(t.draft.title),
    ),
    Page(
        "kerja sama: draf baru",
        lambda t: "/kerja-sama/baru/",
        _text("Draf baru"),
        statuses=NOT_OPERATORS,
    ),
    Page(
        "verifikasi: antrean",
        lambda t: "/verifikasi/",
        _text("Antrean verifikasi"),
        statuses=NOT_REVIEWERS,
    ),
    Page("mitra: daftar", lambda t: "/mitra/", _text("Registri Mitra"), is_list=True),
    Page("mitra: cari", lambda t: "/mitra/?q=universitas", _text("Universitas"), is_list=True),
    Page(
        "monev: kantor",
        lambda t: f"/monev/kantor/{t.office.pk}/",
        lambda t: html.escape(t.office.name),
    ),
    Page(
        "laporan",
        lambda t: f"/monev/laporan/{t.office.pk}/",
        _text("Laporan Pelaksanaan Kerja Sama"),
    ),
    # Only a regency's Excel and PDF are built in the request; an office with offices below
    # it has them rendered by a worker (the page asks for them).
    Page(
        "laporan: Excel",
        lambda t: f"{t.report}/xlsx/",
        _text("PK"),
        only=("operator.ponorogo",),
        heavy=True,
    ),
    Page(
        "laporan: PDF",
        lambda t: f"{t.report}/pdf/",
        _text("%PDF"),
        only=("operator.ponorogo",),
        heavy=True,
    ),
    Page("notifikasi", lambda t: "/notifikasi/", _text("Notifikasi")),
    # Dashboard figures are cached per office and day: the timed requests read the cache.
    Page("dasbor", lambda t: "/dasbor/", lambda t: html.escape(t.office.name)),
    Page(
        "dasbor: pengawasan",
        lambda t: "/dasbor/pengawasan/",
        _text("Pengawasan"),
        statuses=(("operator.ponorogo", 404),),  # a regency has no offices below it
    ),
    # Django's own changelist as a yardstick (agreements are not registered in the admin).
    Page(
        "admin: daftar mitra (pembanding)",
        lambda t: "/admin/partners/partner/",
        _text("mitra"),
        only=("admin.ri",),
        is_list=True,
    ),
]


def target_for(username: str) -> Target:
    """The persona's office (their first membership) and what in it the pages open: the
    signed agreement with the most evaluations, the oldest draft, the last ended semester."""
    user = get_user_model().objects.get(username=username)
    office = user_memberships(user)[0].office
    own = Agreement.objects.filter(office=office)
    signed = (
        own.filter(state=Agreement.State.SIGNED)
        .annotate(evaluated=Count("evaluations"))
        .order_by("-evaluated", "pk")
        .first()
    )
    draft = own.filter(state=Agreement.State.DRAFT).order_by("pk").first()
    if signed is None or draft is None:
        raise LookupError(f"{office} has no signed agreement or no draft: generate more data.")
    period = last_ended_semester(office_today(office))
    return Target(
        username=username,
        user=user,
        office=office,
        signed=signed,
        draft=draft,
        number_prefix=signed.kpu_number[:-2],  # "1/HK.05.1-NK/3502/20": the same seq, any year
        year=period.year,
        semester=period.semester,
    )


def body_has(content: bytes, text: str) -> bool:
    """True when a response body holds `text` (files are checked on their first bytes)."""
    if text in ("PK", "%PDF"):
        return content.startswith(text.encode())
    return text in content.decode("utf-8", errors="replace")
