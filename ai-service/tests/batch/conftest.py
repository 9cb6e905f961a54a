"""The product catalog seeded into this run's database, so batch analyses carry real recommendations."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI

from app.recommendations.catalog import CatalogStore
from app.recommendations.seed import seed_products


@pytest.fixture(scope="session", autouse=True)
async def seeded_catalog(app: FastAPI) -> AsyncIterator[None]:
    await seed_products(app.state.session_factory)
    app.state.recommender.catalog = CatalogStore(app.state.session_factory)
    yield
