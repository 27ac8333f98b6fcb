"""htmx views: one that answers an htmx request with a fragment and a plain request with the
whole page says so with `Vary: HX-Request`, so no cache hands one where the other belongs."""

from django.views.decorators.vary import vary_on_headers

vary_on_htmx = vary_on_headers("HX-Request")
