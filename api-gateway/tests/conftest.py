import os
import time
import uuid
from collections.abc import Iterator
from typing import Any

import jwt
import pytest
import redis
from fastapi.testclient import TestClient

from app.core.config import Settings
from tests.upstream import FakeUpstream

JWT_SECRET = "test-jwt-secret-" + uuid.uuid4().hex
SIGNING_SECRET = "test-signing-secret-" + uuid.uuid4().hex
PREFIX = f"test:gateway:{uuid.uuid4().hex[:8]}:"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

# The tests set every setting they rely on: nothing of the developer's or CI's environment (`make test`
# exports .env: PROXY_SECRET, rate limits, service URLs, ...) may leak into them.
for _field in Settings.model_fields:
    os.environ.pop(_field.upper(), None)
os.environ.update(
    {
        "JWT_SECRET": JWT_SECRET,
        "GATEWAY_SIGNING_SECRET": SIGNING_SECRET,
        "REDIS_KEY_PREFIX": PREFIX,
        "LOG_FORMAT": "json",
    }
)

from app.main import create_app  # noqa: E402


@pytest.fixture(scope="session")
def upstreams() -> Iterator[dict[str, FakeUpstream]]:
    servers = {name: FakeUpstream().start() for name in ("auth", "user", "ai")}
    yield servers
    for server in servers.values():
        server.stop()


@pytest.fixture
def redis_client() -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(REDIS_URL)
    yield client
    for key in client.scan_iter(f"{PREFIX}*"):
        client.delete(key)
    client.close()


def make_settings(upstreams: dict[str, FakeUpstream], **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "jwt_secret": JWT_SECRET,
        "gateway_signing_secret": SIGNING_SECRET,
        "redis_url": REDIS_URL,
        "redis_key_prefix": PREFIX,
        "auth_service_url": upstreams["auth"].url,
        "user_service_url": upstreams["user"].url,
        "ai_service_url": upstreams["ai"].url,
        "upstream_timeout_seconds": 2,
        "breaker_threshold": 3,
        "breaker_cooldown_seconds": 1,
        "rate_limit_login_per_minute": 1000,
        "rate_limit_anon_per_minute": 1000,
        "rate_limit_user_per_minute": 1000,
        "gateway_metrics_port": 0,  # no metrics listener per test app; tests/api/test_observability.py opens one
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def gateway_factory(upstreams: dict[str, FakeUpstream], redis_client: redis.Redis) -> Iterator[Any]:
    clients: list[TestClient] = []

    def build(peer: tuple[str, int] = ("testclient", 50000), **overrides: Any) -> TestClient:
        client = TestClient(create_app(make_settings(upstreams, **overrides)), client=peer)
        client.__enter__()
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.__exit__(None, None, None)
    for server in upstreams.values():
        server.reset()


@pytest.fixture
def gateway(gateway_factory: Any) -> TestClient:
    return gateway_factory()  # type: ignore[no-any-return]


def make_token(
    *,
    user_id: str | None = None,
    role: str = "user",
    token_type: str = "access",
    secret: str = JWT_SECRET,
    expires_in: int = 3600,
    **extra: Any,
) -> str:
    now = int(time.time())
    claims = {
        "user_id": user_id or str(uuid.uuid4()),
        "email": "owner@example.com",
        "role": role,
        "type": token_type,
        "jti": uuid.uuid4().hex,
        "sid": uuid.uuid4().hex,
        "iat": now,
        "exp": now + expires_in,
        "iss": "smartbreeds-auth",
        "aud": "smartbreeds",
    }
    claims.update(extra)
    return jwt.encode(claims, secret, algorithm="HS256")
