"""Redis down: refusals are 503 envelopes (fail closed), never 500s, and service resumes when it is back.

Uses a SEPARATE redis-server started on a free port (the machine's Redis on 6379 is never stopped).
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.reliability.client import ApiClient, assert_envelope_error
from tests.reliability.conftest import CORE_PROCESSES, RAISED_LIMITS
from tests.stack import LocalStack, free_port

pytestmark = pytest.mark.stack


class RedisServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True).stdout != b"PONG\n":
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


@pytest.fixture(scope="module")
def redis_server() -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def redis_stack(redis_server: RedisServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("E2E_REDIS_URL", redis_server.url)
        local = LocalStack(
            root=tmp_path_factory.mktemp("redis-down-stack"), only=CORE_PROCESSES, overrides=RAISED_LIMITS
        )
        try:
            local.start()
            yield local
        finally:
            if redis_server.process is None or redis_server.process.poll() is not None:
                redis_server.start()  # the harness deletes its keys on stop
            local.stop()


def test_redis_outage_fails_closed_with_503_and_recovers(redis_server: RedisServer, redis_stack: LocalStack) -> None:
    api = ApiClient(redis_stack).register()
    auth_health = f"http://127.0.0.1:{redis_stack.ports['auth']}/health"
    assert httpx.get(auth_health, timeout=10).status_code == 200

    redis_server.stop()
    try:
        health = httpx.get(auth_health, timeout=10)
        assert_envelope_error(health, 503, "SERVICE_UNAVAILABLE")
        # Logging out cannot record the revoked token: refuse rather than pretend it worked.
        assert_envelope_error(api.request("POST", "/api/v1/auth/logout"), 503, "SERVICE_UNAVAILABLE")
        # The gateway cannot check the blacklist or the rate limit: authenticated calls fail closed.
        assert_envelope_error(api.request("GET", "/api/v1/pets"), 503, "SERVICE_UNAVAILABLE")
    finally:
        redis_server.start()

    deadline = time.monotonic() + 10
    while httpx.get(auth_health, timeout=10).status_code != 200:
        assert time.monotonic() < deadline, "auth-service did not recover once Redis was back"
        time.sleep(0.5)
    assert api.request("GET", "/api/v1/pets").status_code == 200
    assert api.request("POST", "/api/v1/auth/logout").status_code == 200
