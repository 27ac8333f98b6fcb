from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Contact, Partner


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "category", "registered_by", "is_affiliated"]
    list_filter = ["category", "is_affiliated"]
    search_fields = ["name", "short_name"]
    raw_id_fields = ["parent", "province", "regency", "registered_by", "merged_into"]
    inlines = [ContactInline]
