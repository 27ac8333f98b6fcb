import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Office


class OfficeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Cari nama atau kode"), method="search")
    level = django_filters.ChoiceFilter(
        label=_("Tingkat"), choices=Office.Level.choices, empty_label=_("Semua")
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Provinsi"),
        queryset=Office.objects.none(),
        method="in_province",
        empty_label=_("Semua"),
    )

    class Meta:
        model = Office
        fields = ["q", "level", "province"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["province"].queryset = Office.objects.for_user(user).filter(
            level=Office.Level.PROVINCE
        )

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(code__startswith=value))

    def in_province(self, queryset, name, value):
        return queryset.filter(Q(pk=value.pk) | Q(parent=value))
