"""Recommendation fixtures: the seeded catalog in this run's database and a fake user service."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from fastapi import FastAPI

from app.breeds.catalog import BreedCatalog, load_breed_catalog
from app.clients.user_service import UserServiceClient
from app.recommendations.catalog import CatalogStore
from app.recommendations.features import EncodedCatalog
from app.recommendations.model import SuitabilityModel, load_catalog_file
from app.recommendations.seed import seed_products
from tests.conftest import TEST_SIGNING_SECRET
from tests.fake_pet_service import FakePetService


@pytest.fixture(scope="session")
def catalog_products() -> list[dict[str, Any]]:
    return load_catalog_file()


@pytest.fixture(scope="session")
def suitability_model(catalog_products: list[dict[str, Any]]) -> SuitabilityModel:
    return SuitabilityModel.fit(catalog_products)


@pytest.fixture(scope="session")
def encoded_catalog(catalog_products: list[dict[str, Any]]) -> EncodedCatalog:
    return EncodedCatalog.build(catalog_products)


@pytest.fixture(scope="session")
def breeds() -> BreedCatalog:
    return load_breed_catalog()


@pytest.fixture(scope="session")
async def seeded_app(app: FastAPI, breeds: BreedCatalog) -> AsyncIterator[FastAPI]:
    """The app with the catalog seeded from products.json (real PostgreSQL) and the breed catalog."""
    await seed_products(app.state.session_factory)
    if getattr(app.state, "breeds", None) is None:
        app.state.breeds = breeds
    app.state.recommender.catalog = CatalogStore(app.state.session_factory)
    yield app


@pytest.fixture
def user_service(seeded_app: FastAPI, pet_service: FakePetService) -> Iterator[FakePetService]:
    """The session's fake pet list (the app and the workers both call it), reset for this test."""
    pet_service.reset()
    state = seeded_app.state
    # Another test may have pointed the app elsewhere; this one reads the session's fake.
    original_url, original = state.settings.user_service_url, state.user_service
    state.settings.user_service_url = pet_service.url
    state.user_service = UserServiceClient(
        state.http, base_url=pet_service.url, signing_secret=TEST_SIGNING_SECRET, timeout=5
    )
    try:
        yield pet_service
    finally:
        state.user_service, state.settings.user_service_url = original, original_url
