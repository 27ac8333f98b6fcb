"""A paginator that counts at most a fixed number of rows.

Counting every match of a national list (100,000 agreements) costs more than showing a page
of it; nobody pages past the 400th page. Past `CAP` rows the count stops and the page says
"lebih dari 10.000". Below the cap the count is exact, so a dashboard figure that links to
a list shows exactly that many rows.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

CAP = 10_000


class CappedPaginator(Paginator):
    """Counts up to CAP + 1 rows with `SELECT count(*) FROM (SELECT pk … LIMIT CAP + 1)`."""

    cap = CAP

    @cached_property
    def count(self) -> int:
        # django-tables2 hands over its BoundRows, whose .data is a TableQuerysetData whose
        # .data is the queryset: unwrapped to the queryset, or len() counts every row.
        queryset = self.object_list
        while not hasattr(queryset, "values") and hasattr(queryset, "data"):
            queryset = queryset.data
        if not hasattr(queryset, "values"):
            return len(self.object_list)
        return queryset.order_by().values("pk")[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        """True when there are more rows than were counted."""
        return self.count > self.cap
