from django.contrib import admin

from .models import DeliverySettings, Notification, NotificationPreference, ReminderLog


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "office", "created_at", "read_at", "email_status"]
    list_filter = ["kind", "email_status"]
    search_fields = ["title", "recipient__username"]
    raw_id_fields = ["recipient", "office", "reminder"]
    readonly_fields = ["created_at", "emailed_at", "email_attempts", "email_error"]
    date_hierarchy = "created_at"


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    """Read-only. Deleting a row lets its reminder fire again on the next run (within the
    catch-up window): the one way to resend a reminder on purpose."""

    list_display = ["kind", "threshold", "content_type", "object_id", "office", "local_date"]
    list_filter = ["kind"]
    raw_id_fields = ["office"]
    date_hierarchy = "created_at"

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "email"]
    list_filter = ["kind", "email"]
    raw_id_fields = ["user"]


@admin.register(DeliverySettings)
class DeliverySettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "daily_digest"]
    raw_id_fields = ["user"]
