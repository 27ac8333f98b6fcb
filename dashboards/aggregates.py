"""SQL pieces the ORM lacks: the median (PostgreSQL's ordered-set aggregate) and an interval
in days."""

from django.db.models import Aggregate, FloatField, Func


class Median(Aggregate):
    """percentile_cont(0.5) WITHIN GROUP (ORDER BY <expression>); `filter=` works as usual."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


class EpochDays(Func):
    """An interval expressed in days (fractional)."""

    template = "(EXTRACT(EPOCH FROM %(expressions)s) / 86400.0)"
    output_field = FloatField()
