"""Fixtures of the reliability tests, on the harness of tests/stack.py.

`live_stack` runs every process of Procfile.dev (nginx, gateway, auth, user, ai) with the fake
Ollama. Its rate limits are raised: these tests register many users from 127.0.0.1 and soak at
~90 req/s; the limiter still runs on every request. Its Ollama timeouts are short, so that the
model-fault tests see them fire within seconds (the production defaults are in .env.example).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.reliability.client import ApiClient
from tests.stack import LocalStack, running_stack

RAISED_LIMITS = {
    "RATE_LIMIT_ANON_PER_MINUTE": "100000",
    "RATE_LIMIT_USER_PER_MINUTE": "100000",
    "RATE_LIMIT_LOGIN_PER_MINUTE": "100000",
}
OLLAMA_TIMEOUTS = {"OLLAMA_TIMEOUT_SECONDS": "4", "OLLAMA_PROBE_TIMEOUT_SECONDS": "1", "OLLAMA_PROBE_TTL_SECONDS": "1"}
# The processes the fault tests on their own stacks need (no ai-service: they do not touch it).
CORE_PROCESSES = ("gateway", "auth", "user", "nginx")


@pytest.fixture(scope="session")
def live_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    with running_stack(
        tmp_path_factory.mktemp("reliability-stack"), overrides=RAISED_LIMITS | OLLAMA_TIMEOUTS
    ) as local:
        yield local


@pytest.fixture
def api(live_stack: LocalStack) -> ApiClient:
    """A freshly registered user of the shared stack."""
    return ApiClient(live_stack).register()
