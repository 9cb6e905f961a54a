"""Batch analysis (shelters, breeders): up to BATCH_ANALYSIS_MAX_PHOTOS photos in one request, analysed
one by one on the Celery workers, each exactly like POST /pets/analyze (app.analysis.service's
`analyze_photo`, then `persist_upload`).

The request checks every photo as the single route does (size, format, decodable) and keeps the uploaded
bytes in `{UPLOAD_DIR}/batches/{job_id}/` (the volume the workers share; the sweeper leaves folders alone)
until the job ends. The worker records which analysis it stored for which photo in `batch_analysis_items`,
in the same transaction as the analysis row, so a redelivered job skips the photos already done: each
photo gets exactly one analysis. Results stream into the job: `results[i]` is `{index, analysis}` or
`{index, error: {code, message}}`, in upload order, null until that photo is done.
"""

from __future__ import annotations

import asyncio
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
import structlog
from fastapi import Request
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.datastructures import UploadFile

from smartbreeds_common.errors import ApplicationError
from smartbreeds_common.identity import Identity

from app.analysis.store import AnalysisStore
from app.batch.models import BatchAnalysisItem
from app.core.celery import ANALYZE_BATCH
from app.core.config import Settings
from app.db.models import Analysis, ImageUpload
from app.jobs.service import BATCH_ANALYSIS
from app.jobs.store import JobStore, TransitionRefused
from app.uploads import (
    MULTIPART_OVERHEAD_BYTES,
    READ_CHUNK_BYTES,
    decode_image,
    ensure_within_quota,
    persist_upload,
    read_multipart,
    too_large,
)

logger = structlog.get_logger(__name__)

FIELD = "images"


def batch_dir(settings: Settings, job_id: str) -> Path:
    return Path(settings.upload_dir) / "batches" / str(uuid.UUID(job_id))


def photo_path(settings: Settings, job_id: str, index: int) -> Path:
    return batch_dir(settings, job_id) / f"{index:03d}"


async def _read_photo(upload: UploadFile, *, max_bytes: int) -> bytes:
    buffer = bytearray()
    while chunk := await upload.read(READ_CHUNK_BYTES):
        buffer.extend(chunk)
        if len(buffer) > max_bytes:
            raise too_large(max_bytes)
    return bytes(buffer)


async def receive_photos(request: Request, *, settings: Settings) -> list[bytes]:
    """The request's `images` (1 to BATCH_ANALYSIS_MAX_PHOTOS), each checked as POST /pets/analyze checks one."""
    limit = settings.batch_analysis_max_photos
    form = await read_multipart(
        request, max_bytes=limit * (settings.max_upload_bytes + MULTIPART_OVERHEAD_BYTES), max_files=limit + 1
    )
    try:
        uploads = [item for item in form.getlist(FIELD) if isinstance(item, UploadFile)]
        if not uploads or len(uploads) > limit:
            raise ApplicationError(
                "VALIDATION_ERROR",
                f"Send 1 to {limit} photos.",
                status=400,
                details={FIELD: [f"Send 1 to {limit} image files."]},
            )
        photos = [await _read_photo(upload, max_bytes=settings.max_upload_bytes) for upload in uploads]
    finally:
        await form.close()
    for index, content in enumerate(photos):
        try:
            await anyio.to_thread.run_sync(decode_image, content)
        except ApplicationError as exc:
            raise ApplicationError(
                exc.code, f"Photo {index + 1}: {exc.message}", status=exc.status, details={FIELD: [exc.message]}
            ) from exc
    return photos


async def start_batch(state: Any, *, ident: Identity, photos: list[bytes]) -> dict[str, Any]:
    """Admit the job (429 over the per-user limit), keep the photos for the worker, queue the task."""
    jobs: JobStore = state.jobs
    settings: Settings = state.settings
    job = await jobs.create(kind=BATCH_ANALYSIS, user_id=ident.user_id, total=len(photos))
    job_id = job["job_id"]
    try:
        await asyncio.to_thread(_write_photos, settings, job_id, photos)
        await asyncio.to_thread(
            state.celery.send_task,
            ANALYZE_BATCH,
            args=[job_id, ident.user_id, ident.role, ident.request_id, len(photos)],
            task_id=job_id,
        )
    except Exception as exc:
        await asyncio.to_thread(shutil.rmtree, batch_dir(settings, job_id), True)
        await jobs.finish(job_id, state="failed", error="The job could not be queued.")
        raise ApplicationError("SERVICE_UNAVAILABLE", "The batch could not be queued; try again.", status=503) from exc
    logger.info("batch_analysis_queued", job_id=job_id, photos=len(photos))
    return job


def _write_photos(settings: Settings, job_id: str, photos: list[bytes]) -> None:
    directory = batch_dir(settings, job_id)
    directory.mkdir(parents=True, exist_ok=True)
    for index, content in enumerate(photos):
        photo_path(settings, job_id, index).write_bytes(content)


@dataclass(frozen=True, slots=True)
class BatchItemStore(AnalysisStore):
    """The analysis store, plus the (job, photo) -> analysis record written in the same transaction.

    A second delivery that analysed the same photo again finds the item already there and stores nothing."""

    job_id: uuid.UUID = field(default_factory=uuid.uuid4)
    photo_index: int = 0

    async def add(self, row: Analysis) -> None:
        async with self.session_factory() as session:
            if await session.get(BatchAnalysisItem, (self.job_id, self.photo_index)) is not None:
                return
            session.add(row)
            session.add(
                BatchAnalysisItem(
                    job_id=self.job_id, photo_index=self.photo_index, analysis_id=row.id, user_id=row.user_id
                )
            )
            await session.commit()


async def _done_items(session_factory: async_sessionmaker[AsyncSession], job_id: str) -> dict[int, dict[str, Any]]:
    """Photo index -> the stored analysis, for the photos of this job already analysed."""
    async with session_factory() as session:
        rows = (
            await session.execute(
                select(BatchAnalysisItem.photo_index, Analysis.result)
                .join(Analysis, Analysis.id == BatchAnalysisItem.analysis_id)
                .where(BatchAnalysisItem.job_id == uuid.UUID(job_id))
            )
        ).all()
    return {index: result for index, result in rows}


async def run_batch(state: Any, *, job_id: str, ident: Identity, count: int) -> str:
    """Analyse every photo not analysed yet, streaming results into the job; the job's outcome."""
    from app.runtime import analysis_service_from_state

    jobs: JobStore = state.jobs
    settings: Settings = state.settings
    current = await jobs.get(job_id)
    if current is None or current["state"] == "cancelled":
        await discard_batch_results(state, job={"job_id": job_id, "user_id": ident.user_id})
        return "cancelled"
    if current["state"] in ("succeeded", "failed"):
        await asyncio.to_thread(shutil.rmtree, batch_dir(settings, job_id), True)
        return "skipped"
    await jobs.start(job_id)
    previous = current.get("results") or []
    results: list[dict[str, Any] | None] = [None] * count
    for index, entry in enumerate(previous[:count]):
        if entry is not None and "error" in entry:
            results[index] = entry  # a photo refused before the worker died: refused again would say the same
    for index, analysis in (await _done_items(state.session_factory, job_id)).items():
        results[index] = {"index": index, "analysis": analysis}
    base = analysis_service_from_state(state)
    try:
        await jobs.progress(job_id, done=sum(r is not None for r in results), total=count, results=results)
        for index in range(count):
            if results[index] is not None:
                continue
            service = _replace_store(base, BatchItemStore(state.session_factory, uuid.UUID(job_id), index))
            results[index] = await _analyse_one(state, service, ident=ident, job_id=job_id, index=index)
            await jobs.progress(job_id, done=sum(r is not None for r in results), total=count, results=results)
        await jobs.finish(job_id, state="succeeded", results=results)
    except TransitionRefused:
        await discard_batch_results(state, job={"job_id": job_id, "user_id": ident.user_id})
        return "cancelled"
    await asyncio.to_thread(shutil.rmtree, batch_dir(settings, job_id), True)
    return "succeeded"


def _replace_store(service: Any, store: AnalysisStore) -> Any:
    from dataclasses import replace

    return replace(service, store=store)


async def _analyse_one(state: Any, service: Any, *, ident: Identity, job_id: str, index: int) -> dict[str, Any]:
    """One photo, as POST /pets/analyze does it; a photo refused (quota, corrupt, ...) is that photo's error."""
    settings: Settings = state.settings
    try:
        content = await asyncio.to_thread(photo_path(settings, job_id, index).read_bytes)
        upload = await anyio.to_thread.run_sync(decode_image, content)
        await ensure_within_quota(
            state.session_factory,
            upload,
            user_id=ident.user_id,
            max_count=settings.upload_quota_count,
            max_bytes=settings.upload_quota_bytes,
        )
        analysis = await service.analyze_photo(ident=ident, upload=upload, pet_id=None)
        await persist_upload(upload, storage=state.photos, uploader=ident, session_factory=state.session_factory)
    except ApplicationError as exc:
        return {"index": index, "error": {"code": exc.code, "message": exc.message}}
    stored = await _done_items(state.session_factory, job_id)
    return {"index": index, "analysis": stored.get(index, analysis.model_dump(mode="json"))}


async def discard_batch_results(state: Any, *, job: dict[str, Any]) -> None:
    """A cancelled batch: the analyses it stored, their items and upload records (files go with the
    sweeper once no row points at them), and its kept photos."""
    job_id, user_id = str(job["job_id"]), str(job["user_id"])
    async with state.session_factory() as session, session.begin():
        items = (
            await session.scalars(select(BatchAnalysisItem).where(BatchAnalysisItem.job_id == uuid.UUID(job_id)))
        ).all()
        analysis_ids = [item.analysis_id for item in items]
        if analysis_ids:
            hashes = set(
                (await session.scalars(select(Analysis.image_sha256).where(Analysis.id.in_(analysis_ids)))).all()
            )
            await session.execute(delete(Analysis).where(Analysis.id.in_(analysis_ids)))
            still_used = set(
                (
                    await session.scalars(
                        select(Analysis.image_sha256).where(
                            Analysis.user_id == user_id, Analysis.image_sha256.in_(hashes)
                        )
                    )
                ).all()
            )
            unused = hashes - still_used
            if unused:
                await session.execute(
                    delete(ImageUpload).where(ImageUpload.user_id == user_id, ImageUpload.sha256.in_(unused))
                )
        await session.execute(delete(BatchAnalysisItem).where(BatchAnalysisItem.job_id == uuid.UUID(job_id)))
    await asyncio.to_thread(shutil.rmtree, batch_dir(state.settings, job_id), True)
    logger.info("batch_analysis_discarded", job_id=job_id, analyses=len(analysis_ids))
