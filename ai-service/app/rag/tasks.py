"""The ingestion job on a Celery worker: index one accepted document (app.rag.ingestion.index_document).

Idempotent by job id: a redelivered message (the worker was killed) resumes from the stored text and the
staged chunks; a cancelled job's message only cleans up; a finished job's message does nothing more.
"""

from __future__ import annotations

import contextlib
from typing import Any

import structlog
from celery import Task, shared_task

from smartbreeds_common.celery_app import MAX_RETRIES, backoff_delay
from smartbreeds_common.errors import ApplicationError

from app.core import metrics
from app.core.celery import INGEST_DOCUMENT
from app.jobs.store import JobStore, TransitionRefused

logger = structlog.get_logger(__name__)

INTERNAL_ERROR = "The document could not be indexed (internal error); try again later."


async def run_ingestion(state: Any, *, job_id: str, document_id: str) -> str:
    """The job's outcome: succeeded, failed, cancelled or skipped. Raises only for transient trouble (retried)."""
    from app.rag.ingestion import IngestionStopped, discard_document, index_document, record_progress

    jobs: JobStore = state.jobs
    current = await jobs.get(job_id)
    if current is None or current["state"] == "cancelled":
        await discard_document(state.rag, state.session_factory, document_id=document_id)
        return "cancelled"
    if current["state"] == "failed":
        return "skipped"
    if current["state"] == "running" or current["state"] == "queued":
        await jobs.start(job_id)

    async def progress(done: int, total: int) -> None:
        await record_progress(state.session_factory, document_id=document_id, done=done, total=total)
        try:
            await jobs.progress(job_id, done=done, total=total)
        except TransitionRefused as refused:
            if refused.state is not None and refused.state["state"] == "succeeded":
                return  # a redelivery finishing a document whose job already committed
            raise IngestionStopped("the job was cancelled") from refused

    async def commit() -> None:
        try:
            await jobs.finish(job_id, state="succeeded", results={"document_id": document_id})
        except TransitionRefused as refused:
            if refused.state is not None and refused.state["state"] == "succeeded":
                return
            raise IngestionStopped("the job was cancelled") from refused

    try:
        await index_document(state.rag, state.session_factory, document_id=document_id, on_progress=progress)
        await commit()  # the job's commit point: a cancel that lost the race gets 409 JOB_FINISHED
    except IngestionStopped as stopped:
        logger.info("rag_ingest_stopped", job_id=job_id, document_id=document_id, reason=str(stopped))
        await discard_document(state.rag, state.session_factory, document_id=document_id)
        with contextlib.suppress(TransitionRefused):
            await jobs.finish(job_id, state="cancelled", error="Cancelled.")
        return "cancelled"
    except ApplicationError as refused:  # the document itself cannot be indexed: no retry helps
        metrics.RAG_INGESTION_REFUSALS.labels(code=refused.code).inc()
        await fail_job(state, job_id=job_id, document_id=document_id, reason=refused.message)
        return "failed"
    return "succeeded"


async def fail_job(state: Any, *, job_id: str, document_id: str, reason: str) -> None:
    from app.rag.ingestion import fail_document

    await fail_document(state.rag, state.session_factory, document_id=document_id, reason=reason)
    with contextlib.suppress(TransitionRefused):
        await state.jobs.finish(job_id, state="failed", error=reason)


@shared_task(bind=True, name=INGEST_DOCUMENT, max_retries=MAX_RETRIES)
def ingest_document(self: Task, job_id: str, document_id: str) -> str:
    from app.worker import runtime

    worker = runtime()
    try:
        return worker.run(run_ingestion(worker.state, job_id=job_id, document_id=document_id))
    except Exception as exc:  # transient (database, Redis, Chroma, disk): retry with backoff, then fail the job
        if self.request.retries >= MAX_RETRIES:
            logger.error("rag_ingest_gave_up", job_id=job_id, error_type=type(exc).__name__)
            worker.run(fail_job(worker.state, job_id=job_id, document_id=document_id, reason=INTERNAL_ERROR))
            return "failed"
        logger.warning("rag_ingest_retry", job_id=job_id, error_type=type(exc).__name__, retries=self.request.retries)
        raise self.retry(exc=exc, countdown=backoff_delay(self.request.retries)) from exc
