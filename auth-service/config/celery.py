"""The auth service's Celery application (smartbreeds_common.celery_app: Redis broker and results under
{REDIS_KEY_PREFIX}celery:auth-service:, late acknowledgement, bounded retries) and its beat schedule.

    celery -A config.celery worker          the tasks below (and, once merged, the mail outbox's)
    celery -A config.celery beat -S redbeat.RedBeatScheduler   one active beat (a Redis lock), any number started

Mail (apps.mail): each message is queued after its event commits; the outbox row, claimed with SKIP LOCKED
and marked sent atomically, makes a redelivered task never send a message twice; the beat re-dispatches
undelivered mail and purges sent mail and expired links.

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
    include=["apps.erasure.tasks", "apps.accounts.tasks", "apps.mail.tasks", "apps.email_actions.tasks"],
    beat_schedule={
        "deliver-erasures": {"task": DELIVER_ERASURES, "schedule": float(settings.ERASURE_POLL_SECONDS)},
        "purge-refresh-tokens": {"task": PURGE_REFRESH_TOKENS, "schedule": float(settings.REFRESH_PURGE_SECONDS)},
        "deliver-due-emails": {"task": "mail.deliver_due_emails", "schedule": settings.EMAIL_RESCAN_SECONDS},
        "purge-sent-emails": {"task": "mail.purge_sent_emails", "schedule": 3600.0},
        "purge-expired-links": {"task": "email_actions.purge_expired_links", "schedule": 3600.0},
    },
    # Mail is published after the event's commit: a broker that is down must not hold the request long
    # (the beat task re-dispatches whatever was not queued).
    task_publish_retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.2},
    task_always_eager=settings.CELERY_TASK_ALWAYS_EAGER,
    task_eager_propagates=settings.CELERY_TASK_ALWAYS_EAGER,
)
