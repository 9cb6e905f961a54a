"""Reading and cancelling a job: who may see it, and what a cancel removes for each kind of job."""

from __future__ import annotations

from typing import Any

import structlog

from smartbreeds_common.errors import ApplicationError
from smartbreeds_common.identity import Identity

from app.jobs.store import JobStore, job_not_found, public_view

logger = structlog.get_logger(__name__)

INGESTION = "ingestion"
BATCH_ANALYSIS = "batch_analysis"
RECOMMENDATIONS = "recommendations"


async def visible_job(jobs: JobStore, *, job_id: str, user: Identity) -> dict[str, Any]:
    """The job for its owner (and any admin for an ingestion); 404 JOB_NOT_FOUND for anyone else."""
    state = await jobs.get(job_id)
    if state is None:
        raise job_not_found()
    if state["user_id"] != user.user_id and not (state["kind"] == INGESTION and user.role == "admin"):
        raise job_not_found()
    return public_view(state)


async def cancel_job(state: Any, *, job_id: str, user: Identity) -> dict[str, Any]:
    """Stop a queued or running job of the caller's and remove what it wrote (409 JOB_FINISHED once done)."""
    jobs: JobStore = state.jobs
    current = await jobs.get(job_id)
    if current is None or current["user_id"] != user.user_id:
        raise job_not_found()
    cancelled = await jobs.cancel(job_id)
    # The worker notices at its next step and cleans up too; doing it here as well means a job whose
    # worker is busy elsewhere (or gone) leaves nothing behind either.
    payload = cancelled.get("payload") or {}
    if cancelled["kind"] == INGESTION and payload.get("document_id"):
        from app.rag.ingestion import discard_document

        await discard_document(state.rag, state.session_factory, document_id=payload["document_id"])
    elif cancelled["kind"] == BATCH_ANALYSIS:
        from app.batch.service import discard_batch_results

        await discard_batch_results(state, job=cancelled)
    logger.info("job_cancelled", job_id=job_id, kind=cancelled["kind"])
    return public_view(cancelled)


def job_finished() -> ApplicationError:
    return ApplicationError("JOB_FINISHED", "The job has already finished.", status=409)
