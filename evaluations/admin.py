from django.contrib import admin

from .models import Activity, Criterion, Evaluation, Evidence, Instrument, Report, Score


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["version", "is_current", "grace_days", "created_at"]
    inlines = [CriterionInline]


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0
    raw_id_fields = ["criterion"]


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["agreement", "year", "semester", "state", "score", "recommendation"]
    list_filter = ["state", "year", "semester", "recommendation"]
    raw_id_fields = ["agreement", "instrument", "submitted_by"]
    inlines = [ScoreInline, ActivityInline]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["original_name", "activity", "size", "created_at"]
    raw_id_fields = ["activity", "uploaded_by"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["office", "year", "semester", "status", "submitted_at", "submissions"]
    list_filter = ["status", "year"]
    raw_id_fields = ["office", "submitted_by"]
