"""factory-boy factories shared by the tests: the seeded offices (looked up, never made),
users with a role, partners, agreements in each state, reviews and evaluations.

They write rows straight through the ORM: fast, and independent of the lifecycle services,
which have tests of their own (tests/agreements, tests/reviews, tests/evaluations). A test
that needs an agreement to *go through* a step calls the service (tests/helpers.py).
"""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from agreements.models import Agreement, Party
from evaluations.instruments import current_instrument
from evaluations.models import Evaluation
from evaluations.selectors import period_of
from offices.models import Membership, Office
from partners.models import Partner
from reviews.models import Review

PASSWORD = "kata-sandi-uji-yang-panjang"
UMPO = "Universitas Muhammadiyah Ponorogo"
State = Agreement.State


def office(code: str = "35.02") -> Office:
    """A seeded office (tests/conftest.py loads all 553) by its code; "" is KPU RI."""
    if not code:
        return Office.objects.get(level=Office.Level.NATIONAL)
    return Office.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    last_name = factory.Faker("last_name", locale="id_ID")
    email = factory.LazyAttribute(lambda u: f"{u.username}@kpu.go.id")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    """A role of a user in an office (an operator of KPU Kabupaten Ponorogo by default)."""

    class Meta:
        model = Membership
        django_get_or_create = ("user", "office", "role")

    user = factory.SubFactory(UserFactory)
    office = factory.LazyFunction(office)
    role = Membership.Role.OPERATOR


def member(username: str, office_code: str, role: str):
    """The user `username` holding `role` in the office with `office_code` ("" for KPU RI)."""
    user = UserFactory(username=username)
    MembershipFactory(user=user, office=office(office_code), role=role)
    return user


class PartnerFactory(factory.django.DjangoModelFactory):
    """A partner registered by KPU Kabupaten Ponorogo unless told otherwise;
    `PartnerFactory(umpo=True)` is Universitas Muhammadiyah Ponorogo, the usual partner."""

    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Lembaga Mitra Nomor {n:05d}")
    category = Partner.Category.OTHER
    registered_by = factory.LazyFunction(office)

    class Params:
        umpo = factory.Trait(
            name=UMPO,
            short_name="UMPO",
            category=Partner.Category.UNIVERSITY,
            leader_title="Rektor",
        )


class AgreementFactory(factory.django.DjangoModelFactory):
    """An agreement of KPU Kabupaten Ponorogo, a draft NK unless a trait says otherwise.

    States: `submitted`, `cleared`, `signed`, `registered` (recorded without review),
    `terminated`; kinds by `kind=` (NK, PKS) or `addendum=True` (of a signed NK). `partner=`
    adds that partner as PIHAK KEDUA.
    """

    class Meta:
        model = Agreement

    office = factory.LazyFunction(office)
    kind = Agreement.Kind.NK
    title = factory.LazyAttribute(lambda a: f"{a.kind} pendidikan pemilih {a.office.name}")
    divisi = Agreement.Divisi.PARTICIPATION
    start_date = datetime.date(2026, 1, 5)
    end_date = datetime.date(2030, 1, 4)

    class Params:
        submitted = factory.Trait(state=State.SUBMITTED, review_round=1)
        cleared = factory.Trait(state=State.CLEARED, review_round=1)
        signed = factory.Trait(
            state=State.SIGNED,
            signed_on=factory.SelfAttribute("start_date"),
            signed_place=factory.LazyAttribute(lambda a: a.office.city),
        )
        registered = factory.Trait(
            state=State.SIGNED,
            signed_on=factory.SelfAttribute("start_date"),
            signed_place=factory.LazyAttribute(lambda a: a.office.city),
            registered_without_review=True,
        )
        terminated = factory.Trait(
            state=State.TERMINATED,
            signed_on=factory.SelfAttribute("start_date"),
            signed_place=factory.LazyAttribute(lambda a: a.office.city),
            terminated_on=factory.LazyAttribute(
                lambda a: a.start_date + datetime.timedelta(days=365)
            ),
            termination_reason="Disepakati para pihak untuk diakhiri.",
        )
        addendum = factory.Trait(
            kind=Agreement.Kind.ADDENDUM,
            parent=factory.SubFactory(
                "tests.factories.AgreementFactory",
                signed=True,
                office=factory.SelfAttribute("..office"),
            ),
            title=factory.LazyAttribute(lambda a: f"Adendum {a.parent.title}"),
        )

    @factory.post_generation
    def partner(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted is not None:
            Party.objects.create(agreement=obj, partner=extracted, position=1)


def signed_agreement(
    office: Office,
    title: str | None = None,
    *,
    kind: str = "NK",
    start: datetime.date = datetime.date(2026, 1, 5),
    end: datetime.date | None = datetime.date(2030, 1, 4),
    **fields,
) -> Agreement:
    """A signed agreement of `office` (signed on its first day unless `signed_on=` says
    otherwise); any other field, `state=` and `partner=` included, passes through."""
    if title is not None:
        fields["title"] = title
    if fields.get("signed_on") is None:
        fields.pop("signed_on", None)
    return AgreementFactory(
        signed=True, office=office, kind=kind, start_date=start, end_date=end, **fields
    )


class ReviewFactory(factory.django.DjangoModelFactory):
    """A pending first-round review of `subject`, addressed to KPU Provinsi Jawa Timur."""

    class Meta:
        model = Review
        exclude = ("subject",)

    subject = factory.SubFactory(AgreementFactory, submitted=True)
    content_type = factory.LazyAttribute(lambda r: ContentType.objects.get_for_model(r.subject))
    object_id = factory.SelfAttribute("subject.pk")
    office = factory.LazyFunction(lambda: office("35"))
    submitted_from = factory.LazyAttribute(lambda r: r.subject.office)
    round = 1
    step = 1
    subject_kind = factory.LazyAttribute(lambda r: getattr(r.subject, "kind", ""))
    subject_title = factory.LazyAttribute(lambda r: str(getattr(r.subject, "title", r.subject)))


class EvaluationFactory(factory.django.DjangoModelFactory):
    """An empty evaluation of a signed agreement for a period (semester I 2026 by default),
    due a month after the period ends; opened through the ORM, not `evaluation_open`."""

    class Meta:
        model = Evaluation
        exclude = ("period",)

    agreement = factory.SubFactory(AgreementFactory, signed=True)
    instrument = factory.LazyFunction(current_instrument)
    period = factory.LazyAttribute(lambda e: period_of(e.year, e.semester))
    year = 2026
    semester = 1
    period_start = factory.SelfAttribute("period.start")
    period_end = factory.SelfAttribute("period.end")
    due_date = factory.LazyAttribute(lambda e: e.period_end + datetime.timedelta(days=30))
