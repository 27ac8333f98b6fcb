import django_filters
from django.utils.translation import gettext_lazy as _

from core.widgets import LongSelect
from offices.models import Office

from .models import Partner
from .selectors import partner_search


class AnyYesNoWidget(django_filters.widgets.BooleanWidget):
    """Semua / Ya / Tidak instead of django-filter's "Tidak diketahui" for no choice."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("", _("Semua")), ("true", _("Ya")), ("false", _("Tidak")))


def region_label(office: Office) -> str:
    return office.region_name or office.name


class PartnerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Cari nama atau singkatan"), method="search")
    category = django_filters.ChoiceFilter(
        label=_("Kategori"), choices=Partner.Category.choices, empty_label=_("Semua")
    )
    # Regions by their names ("Jawa Timur", "Kabupaten Ponorogo"), not the KPU offices'.
    province = django_filters.ModelChoiceFilter(
        label=_("Provinsi"),
        queryset=Office.objects.filter(level=Office.Level.PROVINCE).order_by("region_name"),
        empty_label=_("Semua"),
        widget=LongSelect,
    )
    regency = django_filters.ModelChoiceFilter(
        label=_("Kabupaten/Kota"),
        queryset=Office.objects.filter(level=Office.Level.REGENCY).order_by("region_name"),
        empty_label=_("Semua"),
        widget=LongSelect,  # 514 regencies: one pass, not a template per option
    )
    is_affiliated = django_filters.BooleanFilter(
        label=_("Terafiliasi partai/peserta pemilu"),
        widget=AnyYesNoWidget(),
    )
    include_retired = django_filters.BooleanFilter(
        label=_("Tampilkan mitra yang sudah digabung"),
        method="with_retired",
        widget=django_filters.widgets.BooleanWidget(),
    )

    class Meta:
        model = Partner
        fields = ["q", "category", "province", "regency", "is_affiliated"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("province", "regency"):
            self.form.fields[name].label_from_instance = region_label

    @property
    def qs(self):
        queryset = super().qs
        # An unbound filter (no query string) has no cleaned_data: retired ones stay hidden.
        if not getattr(self.form, "cleaned_data", {}).get("include_retired"):
            queryset = queryset.filter(merged_into__isnull=True)
        return queryset

    def search(self, queryset, name, value):
        return partner_search(queryset, value)

    def with_retired(self, queryset, name, value):
        return queryset
