"""Dashboard fixtures: KPU Kabupaten Ponorogo holding agreements in every time status, an
overdue evaluation and a review waiting at KPU Provinsi Jawa Timur."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from agreements.models import Agreement, Party
from evaluations.instruments import current_instrument
from evaluations.models import Evaluation
from evaluations.selectors import office_today
from partners.models import Partner
from reviews.models import Review

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def signed(office, title: str, *, start, end, kind="PKS", partner=None, **fields) -> Agreement:
    agreement = Agreement.objects.create(
        office=office,
        kind=kind,
        title=title,
        divisi=fields.pop("divisi", Agreement.Divisi.PARTICIPATION),
        state=fields.pop("state", Agreement.State.SIGNED),
        start_date=start,
        end_date=end,
        signed_on=fields.pop("signed_on", start),
        scope=fields.pop("scope", ["VOTER_EDUCATION"]),
        **fields,
    )
    if partner is not None:
        Party.objects.create(agreement=agreement, partner=partner, position=1)
    return agreement


@pytest.fixture
def make_signed():
    """make_signed(office, title, start=, end=, **fields) → a signed agreement (ORM)."""
    return signed


@pytest.fixture
def today(ponorogo) -> datetime.date:
    return office_today(ponorogo)


@pytest.fixture
def ponorogo_data(ponorogo, jatim, today, operator):
    """Ponorogo (35.02) holds everything: an active NK, a PKS ending in 20 days, a terminated
    PKS, a draft, an overdue evaluation and a review waiting at Jawa Timur."""
    umpo = Partner.objects.create(
        name="Universitas Muhammadiyah Ponorogo", category="UNIVERSITY", registered_by=ponorogo
    )
    polres = Partner.objects.create(
        name="Kepolisian Resor Ponorogo", category="SECURITY", registered_by=ponorogo
    )
    nk = signed(
        ponorogo,
        "NK pendidikan pemilih",
        start=today - 400 * DAY,
        end=today + 1400 * DAY,
        kind="NK",
        partner=umpo,
        registered_without_review=True,
    )
    pks = signed(
        ponorogo,
        "PKS pengamanan",
        start=today - 700 * DAY,
        end=today + 20 * DAY,
        partner=polres,
        scope=["SECURITY"],
        divisi=Agreement.Divisi.TECHNICAL,
    )
    signed(
        ponorogo,
        "PKS berakhir dini",
        start=today - 300 * DAY,
        end=today + 300 * DAY,
        partner=umpo,
        state="TERMINATED",
        terminated_on=today - 10 * DAY,
    )
    draft = Agreement.objects.create(
        office=ponorogo, kind="PKS", title="Draf KKN", divisi="PARTICIPATION"
    )
    Evaluation.objects.create(
        agreement=nk,
        instrument=current_instrument(),
        year=today.year - 1,
        semester=2,
        period_start=datetime.date(today.year - 1, 7, 1),
        period_end=datetime.date(today.year - 1, 12, 31),
        due_date=today - 30 * DAY,
    )
    Review.objects.create(
        content_type=ContentType.objects.get_for_model(Agreement),
        object_id=draft.pk,
        office=jatim,
        submitted_from=ponorogo,
        submitted_by=operator,
        round=1,
        step=1,
        subject_kind="PKS",
        subject_title=draft.title,
    )
    return {"nk": nk, "pks": pks, "draft": draft}
