"""The product catalog seeded into this run's database, so analyses carry real recommendations."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from fastapi import FastAPI

from app.recommendations.catalog import CatalogStore
from app.recommendations.seed import seed_products
from tests.conftest import TEST_SIGNING_SECRET
from tests.fake_user_service import FakeUserService


@pytest.fixture(scope="session", autouse=True)
async def seeded_catalog(app: FastAPI) -> AsyncIterator[None]:
    await seed_products(app.state.session_factory)
    app.state.recommender.catalog = CatalogStore(app.state.session_factory)  # forget a snapshot of the empty table
    yield


@pytest.fixture
def user_service(app) -> Iterator[FakeUserService]:
    from app.clients.user_service import UserServiceClient

    fake = FakeUserService(TEST_SIGNING_SECRET).start()
    original = app.state.user_service
    app.state.user_service = UserServiceClient(
        app.state.http, base_url=fake.url, signing_secret=TEST_SIGNING_SECRET, timeout=5
    )
    yield fake
    app.state.user_service = original
    fake.stop()
