"""Forget one user: analyses, recommendation history, upload records, the photos no other user
uploaded (files and their vision caches), batch jobs and recommendation caches. Idempotent: running
it again for the same user finds nothing and deletes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import structlog
from redis.asyncio import Redis
from sqlalchemy import CursorResult, Delete, delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.batch.models import BatchAnalysisItem
from app.clients.redis import redis_key
from app.core.config import Settings
from app.db.models import Analysis, ImageUpload
from app.privacy.finality import mark_erased
from app.recommendations.cache import cache_key
from app.recommendations.models import Recommendation
from app.storage import PhotoStorage, build_photo_storage

logger = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class ErasureCounts:
    analyses: int
    recommendations: int
    uploads: int
    files: int
    redis_keys: int


async def _delete_count(session: AsyncSession, statement: Delete) -> int:
    result = cast(CursorResult[Any], await session.execute(statement))
    return int(result.rowcount)


async def _erase_rows(session: AsyncSession, user_id: str) -> tuple[set[str], dict[str, str], int, int, int]:
    pet_ids = set(
        (
            await session.scalars(
                select(Analysis.pet_id).where(Analysis.user_id == user_id, Analysis.pet_id.is_not(None))
            )
        ).all()
    )
    pet_ids |= set(
        (
            await session.scalars(
                select(Recommendation.pet_id).where(
                    Recommendation.user_id == user_id, Recommendation.pet_id.is_not(None)
                )
            )
        ).all()
    )
    uploads = {
        row.sha256: row.extension
        for row in (await session.scalars(select(ImageUpload).where(ImageUpload.user_id == user_id)))
    }
    analyses = await _delete_count(session, delete(Analysis).where(Analysis.user_id == user_id))
    await session.execute(delete(BatchAnalysisItem).where(BatchAnalysisItem.user_id == user_id))  # batch jobs' items
    recommendations = await _delete_count(session, delete(Recommendation).where(Recommendation.user_id == user_id))
    deleted_uploads = await _delete_count(session, delete(ImageUpload).where(ImageUpload.user_id == user_id))
    return {p for p in pet_ids if p}, uploads, analyses, recommendations, deleted_uploads


async def _orphaned(session: AsyncSession, uploads: dict[str, str]) -> dict[str, str]:
    """The user's images that no other user uploaded (after their own rows are gone)."""
    if not uploads:
        return {}
    still_used = set((await session.scalars(select(ImageUpload.sha256).where(ImageUpload.sha256.in_(uploads)))).all())
    return {sha256: extension for sha256, extension in uploads.items() if sha256 not in still_used}


async def _job_keys(redis: Redis, settings: Settings, user_id: str) -> list[str]:
    user_jobs = redis_key(settings, f"jobs:user:{user_id}")
    job_ids = [str(job_id) for job_id in await redis.smembers(user_jobs)]  # a decode_responses client: str already
    return [
        user_jobs,
        redis_key(settings, f"jobs:active:{user_id}"),
        *(redis_key(settings, f"job:{job_id}") for job_id in job_ids),
    ]


async def erase_user_data(
    *,
    user_id: str,
    session_factory: async_sessionmaker[AsyncSession],
    redis: Redis,
    settings: Settings,
    photos: PhotoStorage | None = None,
) -> ErasureCounts:
    async with session_factory() as session, session.begin():
        await mark_erased(session, user_id)  # from here on every write for the user is refused
        pet_ids, uploads, analyses, recommendations, deleted_uploads = await _erase_rows(session, user_id)
        orphaned = await _orphaned(session, uploads)
    storage = photos or build_photo_storage(settings.upload_dir)
    files = 0
    for sha256, extension in orphaned.items():
        files += await storage.delete(f"{sha256}.{extension}")
    keys = [cache_key(settings, pet_id) for pet_id in pet_ids]
    keys += [redis_key(settings, f"ollama:{kind}:{sha256}") for sha256 in orphaned for kind in ("vision", "pedigree")]
    keys += await _job_keys(redis, settings, user_id)
    redis_keys = int(await redis.delete(*keys)) if keys else 0
    counts = ErasureCounts(analyses, recommendations, deleted_uploads, files, redis_keys)
    logger.info("user_data_erased", user_id=user_id, **{name: getattr(counts, name) for name in counts.__slots__})
    return counts
