"""Fixtures of the reliability tests, on the harness of tests/stack.py.

`live_stack` is the root session `stack` (tests/conftest.py) once the gateway is in the checkout; until
then the same harness runs without the gateway (and nginx, which only proxies to it), and the
`ApiClient` calls the services directly with gateway-signed headers.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.reliability.client import ApiClient, gateway_in_checkout
from tests.stack import LocalStack


@pytest.fixture(scope="session")
def live_stack(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    if gateway_in_checkout():
        yield request.getfixturevalue("stack")
        return
    local = LocalStack(root=tmp_path_factory.mktemp("reliability-stack"), only=("auth", "user"))
    try:
        local.start()
        yield local
    finally:
        local.stop()


@pytest.fixture
def api(live_stack: LocalStack) -> ApiClient:
    """A freshly registered user of the shared stack."""
    return ApiClient(live_stack).register()
