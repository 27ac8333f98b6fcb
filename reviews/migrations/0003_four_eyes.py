import django.contrib.postgres.fields
from django.conf import settings
from django.db import migrations, models

SUBMITTER_CHECK = models.CheckConstraint(
    condition=models.Q(
        ("decided_by__isnull", True),
        ("submitted_by__isnull", True),
        models.Q(("decided_by", models.F("submitted_by")), _negated=True),
        _connector="OR",
    ),
    name="review_not_decided_by_submitter",
    violation_error_message="Pengaju tidak dapat memutuskan verifikasinya sendiri.",
)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("offices", "0002_office_logo"),
        ("reviews", "0002_review_decided_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="review",
            name="recused",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.BigIntegerField(),
                blank=True,
                default=list,
                size=None,
                verbose_name="tidak boleh memutuskan",
            ),
        ),
        # NOT VALID: every new or changed row is checked; a self-approval decided before the
        # rule existed stays in the record as it happened instead of failing the deploy.
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddConstraint(model_name="review", constraint=SUBMITTER_CHECK)],
            database_operations=[
                migrations.RunSQL(
                    'ALTER TABLE "reviews_review" ADD CONSTRAINT "review_not_decided_by_submitter" '
                    'CHECK ("decided_by_id" IS NULL OR "submitted_by_id" IS NULL '
                    'OR "decided_by_id" <> "submitted_by_id") NOT VALID',
                    reverse_sql='ALTER TABLE "reviews_review" '
                    'DROP CONSTRAINT "review_not_decided_by_submitter"',
                )
            ],
        ),
        migrations.AddConstraint(
            model_name="review",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("decided_by__isnull", True),
                    models.Q(("recused__contains", [models.F("decided_by")]), _negated=True),
                    _connector="OR",
                ),
                name="review_not_decided_by_recused",
                violation_error_message="Penyunting draf tidak dapat memutuskan verifikasinya sendiri.",
            ),
        ),
    ]
