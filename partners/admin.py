from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Contact, Partner, PartnerImport


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


@admin.register(PartnerImport)
class PartnerImportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "office", "original_filename", "status", "created_count"]
    list_filter = ["status"]
    raw_id_fields = ["office", "requested_by"]
