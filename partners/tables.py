import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.tables import stacked_attrs

from .models import Partner


class PartnerTable(tables.Table):
    name = tables.TemplateColumn(
        verbose_name=_("Nama"),
        template_name="partners/includes/partner_name_cell.html",
        order_by=("name",),
    )
    category = tables.Column(verbose_name=_("Kategori"))
    regency = tables.Column(
        verbose_name=_("Wilayah"), accessor="regency__region_name", order_by=("regency__code",)
    )
    province = tables.Column(
        verbose_name=_("Provinsi"), accessor="province__region_name", order_by=("province__code",)
    )
    registered_by = tables.Column(
        verbose_name=_("Didaftarkan oleh"), order_by=("registered_by__code",)
    )
    updated_at = tables.DateColumn(verbose_name=_("Diperbarui"), format="j M Y")

    class Meta:
        model = Partner
        fields = ["name", "category", "regency", "province", "registered_by", "updated_at"]
        attrs = stacked_attrs()
        empty_text = _("Tidak ada mitra yang cocok dengan pencarian.")
