from __future__ import annotations

import copy
from typing import Any

from fastapi import FastAPI
from sqlalchemy import func, select

from app.recommendations.models import Product
from app.recommendations.seed import seed_products


async def _counts(app: FastAPI) -> tuple[int, int]:
    async with app.state.session_factory() as session:
        total = await session.scalar(select(func.count(Product.id)))
        active = await session.scalar(select(func.count(Product.id)).where(Product.is_active.is_(True)))
    return int(total or 0), int(active or 0)


async def test_seeding_twice_changes_nothing_and_keeps_ids(
    seeded_app: FastAPI, catalog_products: list[dict[str, Any]]
) -> None:
    async with seeded_app.state.session_factory() as session:
        ids_before = dict((await session.execute(select(Product.sku, Product.id))).tuples().all())

    await seed_products(seeded_app.state.session_factory)

    async with seeded_app.state.session_factory() as session:
        ids_after = dict((await session.execute(select(Product.sku, Product.id))).tuples().all())
    assert ids_after == ids_before
    assert await _counts(seeded_app) == (len(catalog_products), len(catalog_products))


async def test_a_product_removed_from_the_file_is_deactivated_and_an_edit_is_applied(
    seeded_app: FastAPI, catalog_products: list[dict[str, Any]]
) -> None:
    edited = copy.deepcopy(catalog_products[1:])
    edited[0]["price"] = 12.34
    try:
        await seed_products(seeded_app.state.session_factory, edited)

        async with seeded_app.state.session_factory() as session:
            removed = await session.scalar(select(Product).where(Product.sku == catalog_products[0]["sku"]))
            changed = await session.scalar(select(Product).where(Product.sku == edited[0]["sku"]))
        assert removed is not None and removed.is_active is False
        assert changed is not None and float(changed.price) == 12.34
    finally:
        await seed_products(seeded_app.state.session_factory)
    assert await _counts(seeded_app) == (len(catalog_products), len(catalog_products))
