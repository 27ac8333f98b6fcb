"""Settings of the worker and beat processes the fault tests start: the app's own, with
emails written to files the test reads and, when FAULTS_BEAT_SECONDS is set, a beat that
sends the daily reminder pass every few seconds (the beats under test)."""

import os

from kpu_kerjasama.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ.get("FAULTS_EMAIL_DIR", "/tmp/kpu-faults-email")  # noqa: S108

if os.environ.get("FAULTS_BEAT_SECONDS"):
    CELERY_BEAT_SCHEDULE = {
        "send-reminders": {
            "task": "dashboards.tasks.send_reminders",
            "schedule": float(os.environ["FAULTS_BEAT_SECONDS"]),
        },
    }
