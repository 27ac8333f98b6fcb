from django.contrib import admin

from .models import Review


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["subject_title", "subject_kind", "office", "round", "step", "decision"]
    list_filter = ["decision", "subject_kind"]
    raw_id_fields = ["office", "submitted_from", "submitted_by", "decided_by"]
