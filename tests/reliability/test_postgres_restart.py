"""PostgreSQL restarted mid-load: services recover without a restart, nothing is half-applied, no 500s.

Runs on a SEPARATE cluster (initdb in a tmp dir, free port): the machine's PostgreSQL is never touched.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.client import ApiClient
from tests.reliability.conftest import CORE_PROCESSES, RAISED_LIMITS
from tests.stack import LocalStack, free_port, running_stack

pytestmark = pytest.mark.stack
PG_BIN = Path("/usr/lib/postgresql/15/bin")
LOAD_BEFORE_SECONDS, LOAD_AFTER_SECONDS, RECOVERY_SECONDS = 2.0, 8.0, 4.0


class Cluster:
    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="sb-pg-"))
        self.port = free_port()
        shutil.chown(self.dir, "postgres", "postgres")
        self.pg("initdb", "-D", str(self.dir / "data"), "-A", "trust", "-U", "postgres", "--no-sync")
        self.ctl("start")

    def pg(self, tool: str, *args: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", str(PG_BIN / tool), *args], check=True, capture_output=True)

    def ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        log = str(self.dir / "server.log")
        self.pg("pg_ctl", "-D", str(self.dir / "data"), "-o", options, "-l", log, "-w", action, *extra)

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def destroy(self) -> None:
        try:
            self.ctl("stop", "-m", "immediate")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    if not (PG_BIN / "initdb").exists() or shutil.which("runuser") is None:
        pytest.skip("PostgreSQL 15 server binaries or runuser missing")
    made = Cluster()
    yield made
    made.destroy()


@pytest.fixture(scope="module")
def pg_stack(cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("E2E_DATABASE_URL", cluster.url)
        with running_stack(
            tmp_path_factory.mktemp("pg-restart-stack"), only=CORE_PROCESSES, overrides=RAISED_LIMITS
        ) as local:
            yield local


def test_services_recover_from_a_database_restart_without_half_applied_writes(
    cluster: Cluster, pg_stack: LocalStack
) -> None:
    api = ApiClient(pg_stack).register()
    results: list[tuple[str, float, int, str]] = []
    stop = threading.Event()

    def load() -> None:
        number = 0
        while not stop.is_set():
            number += 1
            name = f"Restart {number}"
            try:
                response = api.request("POST", "/api/v1/pets", json={"name": name, "species": "dog", "age": 5})
                results.append((name, time.monotonic(), response.status_code, response.text))
            except Exception as error:  # noqa: BLE001 - a dropped connection is a client-side failure, not an answer
                results.append((name, time.monotonic(), 0, repr(error)))

    worker = threading.Thread(target=load)
    worker.start()
    time.sleep(LOAD_BEFORE_SECONDS)
    cluster.ctl("restart", "-m", "fast")
    restarted = time.monotonic()
    time.sleep(LOAD_AFTER_SECONDS)
    stop.set()
    worker.join(30)

    statuses = [status for _, _, status, _ in results]
    assert statuses.count(201) > 10, statuses
    assert 500 not in statuses and 0 not in statuses, [r for r in results if r[2] in (0, 500)][:3]
    assert all("Traceback" not in text for *_, text in results)
    refused = [text for _, _, status, text in results if status != 201]
    assert all('"SERVICE_UNAVAILABLE"' in text for text in refused), refused[:3]  # the 503 envelope
    late = [status for _, at, status, _ in results if at > restarted + RECOVERY_SECONDS]
    assert late and set(late) == {201}, late  # recovered without restarting any service

    listed = api.request("GET", "/api/v1/pets").json()["data"]
    stored = {pet["name"] for pet in listed}
    created = {name for name, _, status, _ in results if status == 201}
    assert created <= stored  # every acknowledged write survived
    assert stored <= {name for name, *_ in results}
    assert all(pet["species"] == "dog" and pet["age"] == 5 for pet in listed)  # no partial rows
