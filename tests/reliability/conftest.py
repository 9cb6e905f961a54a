"""Fixtures of the reliability tests, on the harness of tests/stack.py.

`live_stack` runs the harness with the processes these tests cross: nginx, gateway, auth and user
services once the gateway is in the checkout (auth and user alone before that; the `ApiClient` then
calls them directly with gateway-signed headers). Its rate limits are raised: these tests register
many users from 127.0.0.1 and soak at ~90 req/s; the limiter still runs on every request.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.reliability.client import ApiClient, gateway_in_checkout
from tests.stack import LocalStack

RAISED_LIMITS = {
    "RATE_LIMIT_ANON_PER_MINUTE": "100000",
    "RATE_LIMIT_USER_PER_MINUTE": "100000",
    "RATE_LIMIT_LOGIN_PER_MINUTE": "100000",
}


def stack_processes() -> tuple[str, ...]:
    return ("gateway", "auth", "user", "nginx") if gateway_in_checkout() else ("auth", "user")


@pytest.fixture(scope="session")
def live_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    with pytest.MonkeyPatch.context() as patch:
        for name, value in RAISED_LIMITS.items():
            patch.setenv(name, value)
        local = LocalStack(root=tmp_path_factory.mktemp("reliability-stack"), only=stack_processes())
        try:
            local.start()
            yield local
        finally:
            local.stop()


@pytest.fixture
def api(live_stack: LocalStack) -> ApiClient:
    """A freshly registered user of the shared stack."""
    return ApiClient(live_stack).register()
