"""Settings for the benchmark scripts: the app's own, except that static URLs are not hashed.

With DEBUG off the app renders `{% static %}` through whitenoise's manifest storage, which
needs a `collectstatic` run first. Page timings do not depend on how a static URL is spelled,
so the benchmarks use the plain storage and run on a checkout without collected files.
"""

from kpu_kerjasama.settings import *  # noqa: F403
from kpu_kerjasama.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
