"""The recommendations table: record a set (service) and read the caller's latest sets (selector)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.recommendations.models import Product, Recommendation

RECENT_TOP_PRODUCTS = 3


async def recommendation_record(
    session_factory: async_sessionmaker[AsyncSession],
    *,
    user_id: str,
    pet_id: str | None,
    profile: dict[str, Any],
    product_ids: list[str],
    scores: list[float],
) -> uuid.UUID:
    async with session_factory() as session, session.begin():
        row = Recommendation(user_id=user_id, pet_id=pet_id, profile=profile, product_ids=product_ids, scores=scores)
        session.add(row)
    return row.id


async def recent_recommendations(
    session_factory: async_sessionmaker[AsyncSession], *, user_id: str, limit: int = 3
) -> list[dict[str, Any]]:
    """The caller's latest sets, newest first, each with its top products (id, name, category, score)."""
    async with session_factory() as session:
        rows = (
            await session.scalars(
                select(Recommendation)
                .where(Recommendation.user_id == user_id)
                .order_by(Recommendation.created_at.desc())
                .limit(limit)
            )
        ).all()
        wanted = {uuid.UUID(pid) for row in rows for pid in row.product_ids[:RECENT_TOP_PRODUCTS]}
        products = (
            {p.id: p for p in (await session.scalars(select(Product).where(Product.id.in_(wanted)))).all()}
            if wanted
            else {}
        )
    recent = []
    for row in rows:
        top = []
        for pid, score in list(zip(row.product_ids, row.scores, strict=False))[:RECENT_TOP_PRODUCTS]:
            product = products.get(uuid.UUID(pid))
            if product is not None:
                top.append(
                    {
                        "id": pid,
                        "name": product.name,
                        "category": product.category,
                        "price": float(product.price),
                        "score": score,
                    }
                )
        recent.append(
            {
                "id": str(row.id),
                "pet_id": row.pet_id,
                "created_at": row.created_at.isoformat().replace("+00:00", "Z"),
                "profile": row.profile,
                "top_products": top,
            }
        )
    return recent
