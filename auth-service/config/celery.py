"""The auth service's Celery app: mail delivery from the outbox (apps.mail.tasks) and its beat schedule.

Broker: Redis (CELERY_BROKER_URL, default REDIS_URL) under the service's key prefix; tasks are
acknowledged late and re-queued when a worker dies, so a message in flight is retried, and the outbox
row (claimed with SKIP LOCKED, marked sent atomically) makes a retry never send it twice.

    celery -A config worker -l info        celery -A config beat -l info
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("auth-service")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["apps.mail"])
