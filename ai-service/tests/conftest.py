"""Session fixtures every AI-service test shares.

Each run gets its own PostgreSQL database (smartbreeds_ai_test_<random>, migrated with Alembic,
dropped at the end), its own Redis key prefix (keys deleted at the end), temporary upload and
Chroma directories and a fake Ollama on a free port (the repository's tests/fakes/ollama), so a
run never collides with `make dev` or with another run.
"""

from __future__ import annotations

import asyncio
import os
import sys
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from redis.asyncio import Redis

SERVICE_DIR = Path(__file__).resolve().parents[1]
REPO_TESTS_DIR = SERVICE_DIR.parent / "tests"
if str(REPO_TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(REPO_TESTS_DIR))

from fakes.ollama import FakeOllama  # noqa: E402

from smartbreeds_common.identity import signed_headers  # noqa: E402

from app.core.config import Settings  # noqa: E402
from tests.fake_pet_service import FakePetService  # noqa: E402
from tests.workers import Worker, start_workers, stop_workers  # noqa: E402

TEST_SIGNING_SECRET = "test-signing-secret-" + uuid.uuid4().hex
POSTGRES_ADMIN_DSN = os.environ.get("TEST_POSTGRES_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _dsn_for(database: str) -> str:
    base, _, _ = POSTGRES_ADMIN_DSN.rpartition("/")
    return f"{base}/{database}"


async def _admin_execute(sql: str) -> None:
    connection = await asyncpg.connect(POSTGRES_ADMIN_DSN)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def run_id() -> str:
    return uuid.uuid4().hex[:10]


@pytest.fixture(scope="session")
def database_url(run_id: str) -> Iterator[str]:
    """A fresh database migrated to head with Alembic; dropped when the session ends."""
    from alembic import command
    from alembic.config import Config

    name = f"smartbreeds_ai_test_{run_id}"
    asyncio.run(_admin_execute(f'CREATE DATABASE "{name}"'))
    url = _dsn_for(name)
    previous = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    try:
        command.upgrade(Config(str(SERVICE_DIR / "alembic.ini")), "head")
        yield url
    finally:
        if previous is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = previous
        asyncio.run(_admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def redis_key_prefix(run_id: str) -> Iterator[str]:
    prefix = f"test:ai:{run_id}:"
    yield prefix

    async def cleanup() -> None:
        client = Redis.from_url(TEST_REDIS_URL)
        try:
            keys = [key async for key in client.scan_iter(match=f"{prefix}*")]
            if keys:
                await client.delete(*keys)
        finally:
            await client.aclose()

    asyncio.run(cleanup())


@pytest.fixture(scope="session")
def fake_ollama() -> Iterator[FakeOllama]:
    fake = FakeOllama(port=0, hang_seconds=30).start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def pet_service() -> Iterator[FakePetService]:
    """The user service's pet list for the whole session: the workers (other processes) call it too."""
    fake = FakePetService(TEST_SIGNING_SECRET).start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def settings(
    database_url: str,
    redis_key_prefix: str,
    fake_ollama: FakeOllama,
    pet_service: FakePetService,
    tmp_path_factory: pytest.TempPathFactory,
) -> Settings:
    root = tmp_path_factory.mktemp("ai-service")
    return Settings(
        environment="test",
        log_format="console",
        log_level="WARNING",
        gateway_signing_secret=TEST_SIGNING_SECRET,
        database_url=database_url,
        redis_url=TEST_REDIS_URL,
        redis_key_prefix=redis_key_prefix,
        ollama_base_url=fake_ollama.url,
        ollama_timeout_seconds=5,
        ollama_probe_timeout_seconds=0.5,
        ollama_probe_ttl_seconds=0,
        rag_timeout_seconds=15,
        chroma_persist_dir=root / "chroma",
        upload_dir=root / "uploads",
        rag_documents_dir=root / "rag-documents",
        user_service_url=pet_service.url,  # the analysis tests swap in their own fake per test
    )


@pytest.fixture(scope="session")
def worker(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Worker]:
    """One real Celery worker (a subprocess, prefork pool of 1) for the session; stopped at the end."""
    workers = start_workers(settings, tmp_path_factory.mktemp("workers"))
    try:
        yield workers[0]
    finally:
        stop_workers(workers)


@pytest.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    """The app with its lifespan run once per session (the classifier loads once)."""
    from app.main import create_app

    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app: FastAPI, fake_ollama: FakeOllama, redis_key_prefix: str) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client over the app; the fake Ollama and this run's Redis keys are reset per test."""
    fake_ollama.reset()
    await _delete_prefixed(app.state.redis, redis_key_prefix)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://ai-service") as http:
        yield http
    fake_ollama.reset()


async def _delete_prefixed(redis: Redis, prefix: str) -> None:
    """This run's keys, but the Celery broker's (the session's worker keeps its queue bindings there)."""
    keys = [key async for key in redis.scan_iter(match=f"{prefix}*") if not key.startswith(f"{prefix}celery:")]
    if keys:
        await redis.delete(*keys)


def identity_headers(*, user_id: str = "", role: str = "", secret: str = TEST_SIGNING_SECRET) -> dict[str, str]:
    return signed_headers(secret, user_id=user_id, role=role, request_id=str(uuid.uuid4()))


@pytest.fixture
def user_id() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def user_headers(user_id: str) -> Callable[[], dict[str, str]]:
    """Fresh signed headers for a normal user (call it per request: signatures carry a timestamp)."""
    return lambda: identity_headers(user_id=user_id, role="user")


@pytest.fixture
def admin_headers() -> Callable[[], dict[str, str]]:
    admin_id = str(uuid.uuid4())
    return lambda: identity_headers(user_id=admin_id, role="admin")


def envelope_data(response: httpx.Response) -> Any:
    payload = response.json()
    assert payload["success"] is True, payload
    return payload["data"]


def envelope_error(response: httpx.Response) -> dict[str, Any]:
    payload = response.json()
    assert payload["success"] is False, payload
    return payload["error"]
