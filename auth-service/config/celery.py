"""The auth service's Celery app (the shared factory, smartbreeds_common.celery_app): mail delivery from
the outbox (apps.mail.tasks) and the beat schedule that re-dispatches undelivered mail.

At-least-once delivery (acks late, re-queued when a worker dies); the outbox row, claimed with SKIP
LOCKED and marked sent atomically, makes a redelivered task never send a message twice.

    celery -A config.celery worker --beat -S redbeat.RedBeatScheduler -l INFO
"""

import os

from django.conf import settings
from smartbreeds_common.celery_app import make_celery_app

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = make_celery_app(
    "auth",
    redis_url=settings.CELERY_BROKER_URL,
    key_prefix=settings.REDIS_KEY_PREFIX,
    include=["apps.mail.tasks", "apps.email_actions.tasks"],
    beat_schedule={
        "deliver-due-emails": {"task": "mail.deliver_due_emails", "schedule": settings.EMAIL_RESCAN_SECONDS},
        "purge-sent-emails": {"task": "mail.purge_sent_emails", "schedule": 3600.0},
        "purge-expired-links": {"task": "email_actions.purge_expired_links", "schedule": 3600.0},
    },
    task_ignore_result=True,
    # Publishing happens after the event's commit: a broker that is down must not hold the request
    # long (the beat task re-dispatches whatever was not queued).
    task_publish_retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.2},
    task_always_eager=settings.CELERY_TASK_ALWAYS_EAGER,
    task_eager_propagates=settings.CELERY_TASK_ALWAYS_EAGER,
)
