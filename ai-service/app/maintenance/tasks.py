"""Scheduled maintenance on the workers, sent by Celery beat (app.core.celery.BEAT_SCHEDULE):
the upload sweep (app.sweep) and failing jobs whose worker stopped beating long ago."""

from __future__ import annotations

import contextlib
import shutil
from typing import Any

import structlog
from celery import shared_task

from app.core.celery import FAIL_STALE_JOBS, SWEEP_UPLOADS
from app.jobs.service import BATCH_ANALYSIS, INGESTION
from app.jobs.store import JobStore, TransitionRefused

logger = structlog.get_logger(__name__)

STALE_ERROR = "The job was interrupted (its worker stopped for too long)."


async def fail_stale_jobs(state: Any) -> list[str]:
    """Jobs queued or running with no heartbeat for STALE_JOB_SECONDS (longer than the visibility
    timeout: a live message would have been redelivered by then) are failed; an ingestion's document too."""
    jobs: JobStore = state.jobs
    failed = []
    for job_id in await jobs.stale(older_than_seconds=state.settings.stale_job_seconds):
        current = await jobs.get(job_id)
        if current is None:
            await jobs.forget_unfinished(job_id)
            continue
        with contextlib.suppress(TransitionRefused):
            await jobs.finish(job_id, state="failed", error=STALE_ERROR)
            failed.append(job_id)
            document_id = (current.get("payload") or {}).get("document_id")
            if current["kind"] == INGESTION and document_id:
                from app.rag.ingestion import fail_document

                await fail_document(state.rag, state.session_factory, document_id=document_id, reason=STALE_ERROR)
            elif current["kind"] == BATCH_ANALYSIS:  # its kept photos; the analyses it finished stay the user's
                from app.batch.service import batch_dir

                shutil.rmtree(batch_dir(state.settings, job_id), ignore_errors=True)
    if failed:
        logger.warning("stale_jobs_failed", count=len(failed))
    return failed


# Maintenance runs carry no personal data: their results are kept (tests/test_beat.py counts the runs).
@shared_task(name=FAIL_STALE_JOBS, ignore_result=False)
def fail_stale_jobs_task() -> int:
    from app.worker import runtime

    worker = runtime()
    return len(worker.run(fail_stale_jobs(worker.state)))


@shared_task(name=SWEEP_UPLOADS, ignore_result=False)
def sweep_uploads_task() -> int:
    from app.sweep import sweep_uploads
    from app.worker import runtime

    worker = runtime()
    result = worker.run(sweep_uploads(worker.state.settings, storage=worker.state.photos))
    return len(result.removed)
