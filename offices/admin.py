from django.contrib import admin

from .models import Membership, Office


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "timezone", "city", "is_active"]
    list_filter = ["level", "timezone", "is_active", "city_set_by_office"]
    search_fields = ["name", "code"]
    inlines = [MembershipInline]
    raw_id_fields = ["parent"]

    def save_model(self, request, obj, form, change):
        # As in offices.services.office_update: a city typed here is kept by load_offices.
        # Unticking city_set_by_office hands the city back to the data file.
        if "city" in form.changed_data:
            obj.city_set_by_office = True
        super().save_model(request, obj, form, change)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "office", "role"]
    list_filter = ["role", "office__level"]
    search_fields = ["user__username", "office__name"]
    raw_id_fields = ["user", "office"]
