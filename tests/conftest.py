"""Fixtures for the cross-service tests: `stack` boots the local stack once per session.

Reusable by browser tests: `stack.base_url` (nginx, https, self-signed), `stack.gateway_url`,
`stack.ollama` (the FakeOllama: enqueue_reply, set_mode, requests), and
`tests.stack.CHROMIUM_LAUNCH` for playwright's `chromium.launch(**CHROMIUM_LAUNCH)`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.stack import LocalStack, missing_service_folders


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    missing = missing_service_folders()
    if missing:
        pytest.skip(f"service folders not in this checkout yet: {', '.join(missing)}")
    local = LocalStack(root=tmp_path_factory.mktemp("stack"))
    try:
        local.start()
        yield local
    finally:
        local.stop()
