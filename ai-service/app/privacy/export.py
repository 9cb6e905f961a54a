"""Everything the AI service holds about one user, as JSON for the account export (the photos
themselves are fetched one by one from GET /api/v1/uploads/{name})."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.db.models import Analysis, ImageUpload
from app.recommendations.models import Recommendation


def _timestamp(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


async def export_user_data(*, user_id: str, session_factory: async_sessionmaker[AsyncSession]) -> dict[str, Any]:
    async with session_factory() as session:
        analyses = (
            await session.scalars(select(Analysis).where(Analysis.user_id == user_id).order_by(Analysis.created_at))
        ).all()
        recommendations = (
            await session.scalars(
                select(Recommendation).where(Recommendation.user_id == user_id).order_by(Recommendation.created_at)
            )
        ).all()
        uploads = (
            await session.scalars(
                select(ImageUpload).where(ImageUpload.user_id == user_id).order_by(ImageUpload.created_at)
            )
        ).all()
    return {
        "analyses": [
            {
                "id": str(row.id),
                "pet_id": row.pet_id,
                "image_url": row.image_url,
                "breed": row.breed,
                "species": row.species,
                "confidence": row.confidence,
                "result": row.result,
                "degraded": row.degraded,
                "created_at": _timestamp(row.created_at),
            }
            for row in analyses
        ],
        "recommendations": [
            {
                "id": str(row.id),
                "pet_id": row.pet_id,
                "profile": row.profile,
                "product_ids": row.product_ids,
                "scores": row.scores,
                "created_at": _timestamp(row.created_at),
            }
            for row in recommendations
        ],
        "photos": [
            {
                "name": f"{row.sha256}.{row.extension}",
                "size_bytes": row.size_bytes,
                "uploaded_at": _timestamp(row.created_at),
            }
            for row in uploads
        ],
    }
