"""Reads of the product catalog for browsing (GET /api/v1/products)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.recommendations.catalog import product_dict, public_product
from app.recommendations.models import Product


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _filtered(statement: Select[Any], *, category: str | None, species: str | None, q: str | None) -> Select[Any]:
    statement = statement.where(Product.is_active.is_(True))
    if category:
        statement = statement.where(Product.category == category)
    if species:
        statement = statement.where(Product.suitable_for["species"].contains([species]))
    for word in (q or "").split()[:8]:
        pattern = f"%{_escape_like(word)}%"
        statement = statement.where(
            or_(Product.name.ilike(pattern), Product.brand.ilike(pattern), Product.description.ilike(pattern))
        )
    return statement


async def product_list(
    session: AsyncSession, *, category: str | None, species: str | None, q: str | None, page: int, page_size: int
) -> dict[str, Any]:
    """One page of active products, most popular first, and the total matching."""
    total = await session.scalar(_filtered(select(func.count(Product.id)), category=category, species=species, q=q))
    rows = await session.scalars(
        _filtered(select(Product), category=category, species=species, q=q)
        .order_by(Product.popularity.desc(), Product.name, Product.id)
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    return {
        "items": [public_product(product_dict(row)) for row in rows],
        "total": int(total or 0),
        "page": page,
        "page_size": page_size,
    }
