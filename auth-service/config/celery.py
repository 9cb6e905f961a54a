"""The auth service's Celery application (smartbreeds_common.celery_app: Redis broker and results under
{REDIS_KEY_PREFIX}celery:auth-service:, late acknowledgement, bounded retries) and its beat schedule.

    celery -A config.celery worker          the tasks below (and, once merged, the mail outbox's)
    celery -A config.celery beat -S redbeat.RedBeatScheduler   one active beat (a Redis lock), any number started

Scheduled: deliver due account-erasure jobs (each job's own retry time and backoff live in PostgreSQL,
apps.erasure), and purge expired refresh tokens once a day.
"""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

from django.conf import settings
from smartbreeds_common.celery_app import make_celery_app

DELIVER_ERASURES = "auth.erasure.deliver_due"
PURGE_REFRESH_TOKENS = "auth.accounts.purge_refresh_tokens"

app = make_celery_app(
    "auth-service",
    redis_url=settings.REDIS_URL,
    key_prefix=settings.REDIS_KEY_PREFIX,
    include=["apps.erasure.tasks", "apps.accounts.tasks"],
    beat_schedule={
        "deliver-erasures": {"task": DELIVER_ERASURES, "schedule": float(settings.ERASURE_POLL_SECONDS)},
        "purge-refresh-tokens": {"task": PURGE_REFRESH_TOKENS, "schedule": float(settings.REFRESH_PURGE_SECONDS)},
    },
)
