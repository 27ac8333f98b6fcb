"""Writing the generated rows with PostgreSQL COPY (an in-memory CSV per chunk), and
emptying the generated tables for `generate_national --reset`."""

import csv
import io
import itertools
import json
from collections.abc import Callable, Iterable

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import JSONField, Model

NULL = r"\N"
CHUNK = 50_000


def _literal(value):
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "t" if value else "f"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _array(value) -> str:
    return NULL if value is None else "{" + ",".join(value) + "}"


def _converter(field) -> Callable:
    if isinstance(field, ArrayField):
        return _array
    if isinstance(field, JSONField):
        return json.dumps
    return _literal


def _default(field):
    """What the ORM would write for a field the row leaves out."""
    if field.has_default() or not field.null:
        return field.get_default()
    return None


def copy_rows(model: type[Model], rows: Iterable[dict]) -> int:
    """COPY `rows` (dicts keyed by attname; missing fields take their default) into the
    model's table; the primary key is written when the rows carry an "id". Returns the count."""
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return 0
    fields = [
        field
        for field in model._meta.concrete_fields
        if not getattr(field, "generated", False)
        and (field.attname in first or not field.primary_key)
    ]
    plan = [(field.attname, _converter(field), _default(field)) for field in fields]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    sql = f"COPY {model._meta.db_table} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
    count = 0
    for chunk in _chunks(itertools.chain([first], iterator)):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for row in chunk:
            writer.writerow([convert(row.get(name, default)) for name, convert, default in plan])
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.copy_expert(sql, buffer)
        count += len(chunk)
    return count


def _chunks(rows: Iterable[dict]):
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, CHUNK)):
        yield chunk


def reset_tables() -> None:
    """Empty what the generator writes (and what hangs off it: clauses, attachments,
    documents, contacts, evidence, history), and the log, notification and reminder rows
    about those subjects, whose ids will be reused."""
    from agreements.models import Agreement, NumberCounter
    from core.models import ActivityLog
    from notifications.models import Notification, ReminderLog
    from partners.models import Partner
    from reviews.models import Review

    from .models import Evaluation

    subjects = [Agreement, Evaluation, Partner, Review]
    tables = [model._meta.db_table for model in (*subjects, NumberCounter)]
    tables += [Agreement.history.model._meta.db_table, Partner.history.model._meta.db_table]
    with connection.cursor() as cursor:
        # Deferred foreign-key checks of rows written earlier in this transaction must run
        # before TRUNCATE may empty their tables.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    content_types = ContentType.objects.get_for_models(*subjects).values()
    for model in (ActivityLog, Notification, ReminderLog):
        model.objects.filter(content_type__in=content_types).delete()
