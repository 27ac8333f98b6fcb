import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.tables import stacked_attrs

from .models import Office


class OfficeTable(tables.Table):
    code = tables.Column(verbose_name=_("Kode"))
    name = tables.Column(verbose_name=_("Nama"), linkify=True)
    level = tables.Column(verbose_name=_("Tingkat"))
    parent = tables.Column(verbose_name=_("Kantor induk"), orderable=False)
    timezone = tables.Column(
        verbose_name=_("Zona waktu"), accessor="timezone_label", orderable=False
    )
    city = tables.Column(verbose_name=_("Kota"))

    class Meta:
        model = Office
        fields = ["code", "name", "level", "parent", "timezone", "city"]
        attrs = stacked_attrs()
        empty_text = _("Tidak ada kantor yang cocok dengan pencarian.")
