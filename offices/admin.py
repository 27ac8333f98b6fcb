from django.contrib import admin

from .models import Membership, Office


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "timezone", "city", "is_active"]
    list_filter = ["level", "timezone", "is_active"]
    search_fields = ["name", "code"]
    inlines = [MembershipInline]
    raw_id_fields = ["parent"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "office", "role"]
    list_filter = ["role", "office__level"]
    search_fields = ["user__username", "office__name"]
    raw_id_fields = ["user", "office"]
