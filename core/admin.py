from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import ActivityLog, User

admin.site.register(User, UserAdmin)


@admin.register(ActivityLog)
class ActivityLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "content_type", "object_id"]
    list_filter = ["action", "content_type"]
    search_fields = ["message", "object_id"]
    readonly_fields = [f.name for f in ActivityLog._meta.fields]
