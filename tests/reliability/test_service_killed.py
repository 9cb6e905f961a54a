"""A service killed under the gateway: 503 envelopes for its routes only, then service resumes once it is back.

Runs on its own stack so killing a process never disturbs the session stack other tests use.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator

import pytest

from tests.reliability.client import ApiClient, assert_envelope_error
from tests.reliability.conftest import CORE_PROCESSES
from tests.stack import REPO, LocalStack, procfile_commands, running_stack

pytestmark = pytest.mark.stack
RECOVERY_DEADLINE_SECONDS = 90  # covers a circuit breaker's open period


@pytest.fixture(scope="module")
def own_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    with running_stack(tmp_path_factory.mktemp("killed-stack"), only=CORE_PROCESSES) as local:
        yield local


def restart(stack: LocalStack, name: str) -> None:
    log = open(stack.root / "logs" / f"{name}.restarted.log", "wb")  # noqa: SIM115 - the stack closes its _logs
    stack._logs.append(log)
    stack.processes[name] = subprocess.Popen(
        ["bash", "-c", procfile_commands()[name]], cwd=REPO, env=stack.env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip


def test_killed_user_service_gives_503_then_recovers(own_stack: LocalStack) -> None:
    api = ApiClient(own_stack).register()
    assert api.request("GET", "/api/v1/pets").status_code == 200

    victim = own_stack.processes["user"]
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait(10)
    for _ in range(10):  # enough failures to open a circuit breaker
        started = time.monotonic()
        assert_envelope_error(api.request("GET", "/api/v1/pets"), 503, "SERVICE_UNAVAILABLE")
        assert time.monotonic() - started < 5  # refused fast, not after a timeout
    assert api.request("GET", "/api/v1/auth/me").status_code == 200  # the other services still answer

    restart(own_stack, "user")
    deadline = time.monotonic() + RECOVERY_DEADLINE_SECONDS
    while (status := api.request("GET", "/api/v1/pets").status_code) != 200:
        assert status == 503 and time.monotonic() < deadline, status
        time.sleep(1)
