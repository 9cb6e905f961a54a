"""POST /rag/ingest's side of the ingestion job: accept the document, create the job, queue the task."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from smartbreeds_common.errors import ApplicationError
from smartbreeds_common.identity import Identity

from app.core.celery import INGEST_DOCUMENT
from app.jobs.service import INGESTION
from app.jobs.store import JobStore
from app.rag.ingestion import accept_document, discard_document
from app.rag.runtime import RagRuntime
from app.rag.schemas import IngestAccepted

logger = structlog.get_logger(__name__)


async def start_ingestion(
    state: Any,
    rag: RagRuntime,
    session: AsyncSession,
    *,
    admin: Identity,
    filename: str | None,
    content: bytes,
    document_type: str,
    title: str | None,
) -> IngestAccepted:
    jobs: JobStore = state.jobs
    job_id = str(uuid.uuid4())
    accepted = await accept_document(
        rag, session, filename=filename, content=content, document_type=document_type, title=title, job_id=job_id
    )
    try:
        await jobs.create(
            kind=INGESTION,
            user_id=admin.user_id,
            payload={"document_id": accepted.document_id},
            limited=False,  # admins' ingestions queue up; the workers' concurrency is the limit
            job_id=job_id,
        )
        # Sending is a blocking Redis call (kombu): off the event loop. task_id = job id: one job, one message.
        await asyncio.to_thread(
            state.celery.send_task, INGEST_DOCUMENT, args=[job_id, accepted.document_id], task_id=job_id
        )
    except Exception as exc:
        await discard_document(rag, state.session_factory, document_id=accepted.document_id)
        logger.warning("rag_ingest_not_queued", error_type=type(exc).__name__)
        raise ApplicationError(
            "SERVICE_UNAVAILABLE", "The ingestion could not be queued; try again.", status=503
        ) from exc
    logger.info("rag_ingest_queued", job_id=job_id, document_id=accepted.document_id)
    return IngestAccepted(job_id=job_id, document_id=accepted.document_id)
