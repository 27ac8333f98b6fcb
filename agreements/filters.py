"""The filters of the agreement list and its export.

Every filter is a predicate on an indexed column of the agreement (the time status on the
stored `effective_end`/`has_successor`, the search on the stored `search_vector` and the
upper-cased numbers), never on a per-row computed value.
"""

import datetime

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.widgets import LongSelect
from offices.models import Office, subtree_ids
from partners.models import Partner

from .models import Agreement, Divisi, Kind, Party, Scope
from .selectors import expiring_q, time_status_q

ALL = _("Semua")
SIGNED_STATES = Agreement.SIGNED_STATES
MAX_EXPIRING_DAYS = 3650


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


def _offices(request) -> QuerySet:
    if request is None:
        return Office.objects.none()
    return Office.objects.for_user(request.user).order_by("level", "code")


def _partners(request) -> QuerySet:
    if request is None:
        return Partner.objects.none()
    return Partner.objects.for_user(request.user)


def _with_party(queryset: QuerySet, **party_filter) -> QuerySet:
    """Agreements with a party matching `party_filter`; EXISTS keeps each agreement once."""
    parties = Party.objects.filter(agreement=OuterRef("pk"), **party_filter)
    return queryset.filter(Exists(parties))


class AgreementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Cari judul, nomor atau mitra"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Jenis"), choices=Kind.choices, empty_label=ALL)
    state = django_filters.ChoiceFilter(
        label=_("Status"), choices=Agreement.State.choices, empty_label=ALL
    )
    time_status = django_filters.ChoiceFilter(
        label=_("Status waktu"),
        choices=Agreement.TimeStatus.choices,
        method="with_time_status",
        empty_label=ALL,
    )
    office = django_filters.ModelChoiceFilter(
        label=_("Kantor"), queryset=_offices, empty_label=ALL, widget=LongSelect
    )
    # "This office and every office below it": the dashboards link their figures here.
    # Shown as a chip (the dashboards link here with it), like the partner.
    within = django_filters.ModelChoiceFilter(
        label=_("Kantor beserta jajarannya"),
        queryset=_offices,
        method="within_office",
        widget=forms.HiddenInput,
    )
    signed = django_filters.BooleanFilter(
        label=_("Hanya yang sudah ditandatangani"),
        method="only_signed",
        widget=forms.CheckboxInput,
    )
    registered = django_filters.BooleanFilter(
        label=_("Hanya yang dicatat tanpa verifikasi"),
        method="only_registered",
        widget=forms.CheckboxInput,
    )
    signed_year = IntegerFilter(
        label=_("Tahun tanda tangan"),
        field_name="signed_on",
        lookup_expr="year",
        min_value=1945,
        max_value=2100,
    )
    # Shown as a chip, not a select: the national registry is too long for a drop-down.
    # Partner pages link here with ?partner=<pk>; the search box also matches partner names.
    partner = django_filters.ModelChoiceFilter(
        label=_("Mitra"), queryset=_partners, method="with_partner", widget=forms.HiddenInput
    )
    partner_category = django_filters.ChoiceFilter(
        label=_("Kategori mitra"),
        choices=Partner.Category.choices,
        method="with_category",
        empty_label=ALL,
    )
    scope = django_filters.ChoiceFilter(
        label=_("Ruang lingkup"), choices=Scope.choices, method="with_scope", empty_label=ALL
    )
    divisi = django_filters.ChoiceFilter(label=_("Divisi"), choices=Divisi.choices, empty_label=ALL)
    # The year an agreement starts: drafts have no signing date yet, but most have a term.
    year = IntegerFilter(
        label=_("Tahun mulai"),
        field_name="start_date",
        lookup_expr="year",
        min_value=1945,
        max_value=2100,
    )
    expiring_within = IntegerFilter(
        label=_("Berakhir dalam (hari)"),
        method="with_end_within",
        min_value=0,
        max_value=MAX_EXPIRING_DAYS,
    )

    class Meta:
        model = Agreement
        fields = [
            "q",
            "kind",
            "state",
            "time_status",
            "office",
            "within",
            "signed",
            "signed_year",
            "registered",
            "partner",
            "partner_category",
            "scope",
            "divisi",
            "year",
            "expiring_within",
        ]

    @property
    def today(self) -> datetime.date:
        """The current office's local date (the middleware activates its time zone)."""
        return timezone.localdate()

    def search(self, queryset, name, value):
        """Full text over the stored vector (indonesian stemming, web-search syntax), or a
        number that starts with the text; the best matches first unless a sort is chosen."""
        text = value.strip()
        if not text:
            return queryset
        query = SearchQuery(text, config="indonesian", search_type="websearch")
        prefix = text.upper()
        matches = (
            Q(search_vector=query)
            | Q(kpu_upper__startswith=prefix)
            | Q(partner_upper__startswith=prefix)
        )
        queryset = queryset.alias(
            kpu_upper=Upper("kpu_number"), partner_upper=Upper("partner_number")
        ).filter(matches)
        if self.request is not None and self.request.GET.get("sort"):
            return queryset
        return queryset.annotate(rank=SearchRank(F("search_vector"), query)).order_by(
            "-rank", "-created_at"
        )

    def with_time_status(self, queryset, name, value):
        return queryset.filter(time_status_q(value, self.today))

    def with_partner(self, queryset, name, value):
        return _with_party(queryset, partner=value)

    def with_category(self, queryset, name, value):
        return _with_party(queryset, partner__category=value)

    def with_scope(self, queryset, name, value):
        return queryset.filter(scope__contains=[value])

    def with_end_within(self, queryset, name, value):
        return queryset.filter(expiring_q(value, self.today))

    def within_office(self, queryset, name, value):
        return queryset.filter(office__in=subtree_ids([value.pk]))

    def only_registered(self, queryset, name, value):
        return queryset.filter(registered_without_review=True) if value else queryset

    def only_signed(self, queryset, name, value):
        return queryset.filter(state__in=SIGNED_STATES) if value else queryset
