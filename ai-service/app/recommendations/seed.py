"""Seed the product catalog from app/data/products.json: an idempotent upsert by sku.

Run: `python -m app.recommendations.seed` (from ai-service/, after `alembic upgrade head`).
Products that left the file are deactivated, never deleted (history keeps their ids).
"""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import structlog
from sqlalchemy import func, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.core.config import DatabaseSettings
from app.db.session import build_engine, build_session_factory
from app.recommendations.model import load_catalog_file
from app.recommendations.models import Product

logger = structlog.get_logger(__name__)

SEEDED_FIELDS = (
    "name",
    "category",
    "brand",
    "description",
    "features",
    "suitable_for",
    "price",
    "image_url",
    "popularity",
    "is_active",
)


def _row(product: dict[str, Any]) -> dict[str, Any]:
    row = {field: product[field] for field in ("sku", *SEEDED_FIELDS)}
    row["price"] = Decimal(str(product["price"]))
    return row


async def seed_products(
    session_factory: async_sessionmaker[AsyncSession], products: list[dict[str, Any]] | None = None
) -> int:
    """Upsert every product of the catalog file in one transaction; returns how many were written."""
    products = products if products is not None else load_catalog_file()
    rows = [_row(product) for product in products]
    async with session_factory() as session, session.begin():
        statement = insert(Product).values(rows)
        statement = statement.on_conflict_do_update(
            index_elements=[Product.sku],
            set_={**{field: statement.excluded[field] for field in SEEDED_FIELDS}, "updated_at": func.now()},
        )
        await session.execute(statement)
        await session.execute(
            update(Product)
            .where(Product.sku.not_in([row["sku"] for row in rows]))
            .values(is_active=False, updated_at=func.now())
        )
    return len(rows)


async def _main() -> None:
    engine = build_engine(DatabaseSettings())
    try:
        count = await seed_products(build_session_factory(engine))
        logger.info("products_seeded", count=count)
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(_main())
