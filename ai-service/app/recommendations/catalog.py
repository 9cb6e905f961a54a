"""The active catalog in memory, encoded once for scoring, reloaded when the table changes."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.recommendations.features import EncodedCatalog
from app.recommendations.models import Product

RECHECK_SECONDS = 30.0


def product_dict(product: Product) -> dict[str, Any]:
    return {
        "id": str(product.id),
        "sku": product.sku,
        "name": product.name,
        "brand": product.brand,
        "category": product.category,
        "description": product.description,
        "price": float(product.price),
        "image_url": product.image_url,
        "suitable_for": product.suitable_for,
        "features": product.features,
        "popularity": product.popularity,
    }


def public_product(product: dict[str, Any]) -> dict[str, Any]:
    """The contract's `product` shape."""
    keys = ("id", "name", "brand", "category", "description", "price", "image_url", "suitable_for")
    return {key: product[key] for key in keys}


@dataclass(frozen=True)
class CatalogSnapshot:
    products: list[dict[str, Any]]
    encoded: EncodedCatalog
    version: tuple[int, Any]


class CatalogStore:
    """Hands out the current snapshot; at most every RECHECK_SECONDS it asks whether the table changed."""

    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], *, recheck_seconds: float = RECHECK_SECONDS
    ) -> None:
        self._session_factory = session_factory
        self._recheck_seconds = recheck_seconds
        self._snapshot: CatalogSnapshot | None = None
        self._checked_at = 0.0
        self._lock = asyncio.Lock()

    async def get(self) -> CatalogSnapshot:
        if self._snapshot is not None and time.monotonic() - self._checked_at < self._recheck_seconds:
            return self._snapshot
        async with self._lock:
            async with self._session_factory() as session:
                version_row = (
                    await session.execute(select(func.count(Product.id), func.max(Product.updated_at)))
                ).one()
                version = (int(version_row[0]), version_row[1])
                if self._snapshot is None or self._snapshot.version != version:
                    rows = (
                        await session.scalars(select(Product).where(Product.is_active.is_(True)).order_by(Product.sku))
                    ).all()
                    products = [product_dict(row) for row in rows]
                    encoded = await asyncio.to_thread(EncodedCatalog.build, products)
                    self._snapshot = CatalogSnapshot(products=products, encoded=encoded, version=version)
            self._checked_at = time.monotonic()
            return self._snapshot

    def invalidate(self) -> None:
        self._checked_at = 0.0
