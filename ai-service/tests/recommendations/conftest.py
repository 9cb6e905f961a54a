"""Recommendation fixtures: the seeded catalog in this run's database and a fake user service."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from fastapi import FastAPI

from smartbreeds_common.identity import IdentityError, verify

from app.breeds.catalog import BreedCatalog, load_breed_catalog
from app.clients.user_service import UserServiceClient
from app.recommendations.catalog import CatalogStore
from app.recommendations.features import EncodedCatalog
from app.recommendations.model import SuitabilityModel, load_catalog_file
from app.recommendations.seed import seed_products
from tests.conftest import TEST_SIGNING_SECRET


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


class FakeUserService:
    """The user service's pet endpoints, checking the gateway signature like the real one."""

    def __init__(self) -> None:
        self.pets: dict[str, dict[str, dict[str, Any]]] = {}  # user_id -> pet_id -> pet
        self.requests: list[tuple[str, str]] = []
        self.fail_list = False
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def add_pet(self, user_id: str, **fields: Any) -> dict[str, Any]:
        now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
        pet: dict[str, Any] = {"id": str(uuid.uuid4()), "name": "Rex", "species": "dog", "breed": None, "breed_confidence": None, "age": None,
               "weight": None, "health_conditions": [], "image_url": None, "created_at": now, "updated_at": now}  # fmt: skip
        pet.update(fields)
        self.pets.setdefault(user_id, {})[pet["id"]] = pet
        return pet

    def update_pet(self, user_id: str, pet_id: str, **fields: Any) -> None:
        self.pets[user_id][pet_id].update(fields, updated_at=datetime.now(UTC).isoformat().replace("+00:00", "Z"))

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def _send(self, status: int, payload: Any) -> None:
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                fake.requests.append(("GET", self.path))
                try:
                    ident = verify(TEST_SIGNING_SECRET, self.headers)
                except IdentityError:
                    self._send(401, {"success": False, "data": None, "error": {"code": "GATEWAY_REQUIRED"}})
                    return
                pets = fake.pets.get(ident.user_id, {})
                if self.path == "/api/v1/pets":
                    if fake.fail_list:
                        self._send(500, {"success": False, "data": None, "error": {"code": "INTERNAL_ERROR"}})
                        return
                    self._send(200, {"success": True, "data": list(pets.values()), "error": None})
                    return
                pet = pets.get(self.path.removeprefix("/api/v1/pets/"))
                if pet is None:
                    self._send(
                        404,
                        {
                            "success": False,
                            "data": None,
                            "error": {"code": "PET_NOT_FOUND", "message": "Pet not found."},
                        },
                    )
                    return
                self._send(200, {"success": True, "data": pet, "error": None})

        return Handler

    def start(self) -> FakeUserService:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def user_service(seeded_app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeUserService]:
    """A fake user service on a free port, wired into the running app for this test only."""
    fake = FakeUserService().start()
    state = seeded_app.state
    monkeypatch.setattr(state.settings, "user_service_url", fake.url)
    # Not monkeypatch for app.state: its undo deletes attributes of starlette's State instead of restoring them.
    original = state.user_service
    state.user_service = UserServiceClient(state.http, base_url=fake.url, signing_secret=TEST_SIGNING_SECRET, timeout=5)
    try:
        yield fake
    finally:
        state.user_service = original
        fake.stop()
