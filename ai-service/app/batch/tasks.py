"""The batch analysis job on a Celery worker (app.batch.service.run_batch).

Task modules import their domain code inside the task: beat imports them too, and needs none of it.
"""

from __future__ import annotations

import structlog
from celery import Task, shared_task

from smartbreeds_common.celery_app import MAX_RETRIES, backoff_delay
from smartbreeds_common.identity import Identity

from app.core.celery import ANALYZE_BATCH

logger = structlog.get_logger(__name__)


@shared_task(bind=True, name=ANALYZE_BATCH, max_retries=MAX_RETRIES)
def analyze_batch(self: Task, job_id: str, user_id: str, role: str, request_id: str, count: int) -> str:
    from app.batch.service import run_batch
    from app.worker import runtime

    worker = runtime()
    ident = Identity(user_id=user_id, role=role, request_id=request_id)
    try:
        return worker.run(run_batch(worker.state, job_id=job_id, ident=ident, count=count))
    except Exception as exc:  # transient (database, Redis, disk): retry with backoff; done photos are skipped
        if self.request.retries >= MAX_RETRIES:
            logger.error("batch_analysis_gave_up", job_id=job_id, error_type=type(exc).__name__)
            worker.run(worker.state.jobs.finish(job_id, state="failed", error="The batch stopped (internal error)."))
            return "failed"
        raise self.retry(exc=exc, countdown=backoff_delay(self.request.retries)) from exc
