"""The AI service's Celery application: the API sends jobs with it, `celery -A app.worker` runs them.

One queue (`ai-service`) for ingestion, batch analyses and batch recommendations; beat (RedBeat, one
active instance) schedules the maintenance tasks. Keys under {REDIS_KEY_PREFIX}celery:ai-service:.
"""

from __future__ import annotations

from celery import Celery

from smartbreeds_common.celery_app import make_celery_app

from app.core.config import Settings

APP_NAME = "ai-service"
QUEUE = APP_NAME
TASK_MODULES = ("app.rag.tasks", "app.batch.tasks", "app.recommendations.tasks", "app.maintenance.tasks")

# Task names (the API sends by name, so it never imports the heavy task modules).
INGEST_DOCUMENT = "ai.rag.ingest"
ANALYZE_BATCH = "ai.batch.analyze"
RECOMMEND_BATCH = "ai.recommendations.batch"
SWEEP_UPLOADS = "ai.maintenance.sweep_uploads"
FAIL_STALE_JOBS = "ai.maintenance.fail_stale_jobs"


def beat_schedule(settings: Settings) -> dict[str, dict[str, object]]:
    """What beat sends, and how often (BEAT_*_SECONDS)."""
    return {
        "sweep-uploads": {"task": SWEEP_UPLOADS, "schedule": settings.beat_sweep_uploads_seconds},
        "fail-stale-jobs": {"task": FAIL_STALE_JOBS, "schedule": settings.beat_stale_jobs_seconds},
    }


def create_celery_app(settings: Settings) -> Celery:
    return make_celery_app(
        APP_NAME,
        redis_url=settings.redis_url,
        key_prefix=settings.redis_key_prefix,
        visibility_timeout=settings.celery_visibility_timeout_seconds,
        include=TASK_MODULES,
        default_queue=QUEUE,
        beat_schedule=beat_schedule(settings),
    )
