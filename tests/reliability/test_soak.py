"""Soak: moderate mixed load for SOAK_SECONDS (20 s by default, 300 in `make chaos`) with zero 5xx and flat memory.

Each client creates, reads, edits, lists and deletes its pets, so the data stays the same size all
along: memory that grows after the warm-up is then a leak, not the working set (an earlier version
kept four of five pets, and user-service memory grew with the unpaginated `GET /pets` list).
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.reliability.client import ApiClient
from tests.stack import LocalStack

pytestmark = pytest.mark.stack
SOAK_SECONDS = float(os.environ.get("SOAK_SECONDS", "20"))
CLIENTS = 4
WARM_UP_SHARE = 0.25
# Flat: what a process tree holds after the soak may exceed the warmed-up figure by this much at most
# (allocator slack: pymalloc arenas and glibc heaps are not returned at once).
ALLOWED_GROWTH_RATIO, ALLOWED_GROWTH_MIB = 0.05, 10


def tree_rss_mib(root_pid: int) -> float:
    """RSS of a process and all its descendants (gunicorn master + workers, uvicorn)."""
    children: dict[int, list[int]] = {}
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(status.parent.name))
    total_kib, pending = 0, [root_pid]
    while pending:
        pid = pending.pop()
        pending += children.get(pid, [])
        try:
            lines = Path(f"/proc/{pid}/status").read_text().splitlines()
            rss = next(line for line in lines if line.startswith("VmRSS"))
            total_kib += int(rss.split()[1])
        except (OSError, StopIteration):
            continue
    return total_kib / 1024


def one_client(api: ApiClient, deadline: float, statuses: Counter[int], lock: threading.Lock) -> None:
    number = 0
    while time.monotonic() < deadline:
        number += 1
        responses = [api.request("POST", "/api/v1/pets", json={"name": f"Soak {number}", "species": "dog", "age": 3})]
        if responses[0].status_code == 201:
            pet_id = responses[0].json()["data"]["id"]
            responses.append(api.request("GET", f"/api/v1/pets/{pet_id}"))
            responses.append(api.request("PATCH", f"/api/v1/pets/{pet_id}", json={"weight": 7.5}))
            responses.append(api.request("GET", "/api/v1/pets"))
            responses.append(api.request("DELETE", f"/api/v1/pets/{pet_id}"))
        responses.append(api.request("GET", "/api/v1/users/me"))
        with lock:
            statuses.update(r.status_code for r in responses)


def test_soak_has_no_server_errors_and_flat_memory(live_stack: LocalStack) -> None:
    clients = [ApiClient(live_stack).register() for _ in range(CLIENTS)]
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    started = time.monotonic()
    deadline = started + SOAK_SECONDS
    threads = [threading.Thread(target=one_client, args=(c, deadline, statuses, lock)) for c in clients]
    for thread in threads:
        thread.start()
    time.sleep(SOAK_SECONDS * WARM_UP_SHARE)
    warmed = {name: tree_rss_mib(process.pid) for name, process in live_stack.processes.items()}
    for thread in threads:
        thread.join(SOAK_SECONDS + 60)
    after = {name: tree_rss_mib(process.pid) for name, process in live_stack.processes.items()}

    total = sum(statuses.values())
    assert total > SOAK_SECONDS, statuses  # the load really ran (more than one request a second)
    assert not [code for code in statuses if code >= 500], statuses
    assert set(statuses) <= {200, 201, 204}, statuses
    for name, rss in after.items():
        assert rss <= warmed[name] * (1 + ALLOWED_GROWTH_RATIO) + ALLOWED_GROWTH_MIB, (name, warmed[name], rss)
    if os.environ.get("SOAK_REPORT"):  # `make chaos` keeps the figures for docs/reliability.md
        report = {"seconds": SOAK_SECONDS, "clients": CLIENTS, "requests": total, "statuses": dict(statuses)}
        report |= {"rss_mib_warmed": warmed, "rss_mib_after": after}
        Path(os.environ["SOAK_REPORT"]).write_text(json.dumps(report, indent=2) + "\n")
