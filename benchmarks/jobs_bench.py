"""Background jobs: API latency while a large document ingests, and ingestion throughput at 1 and 2 workers.

1. GET /api/v1/pets through nginx and the gateway (one signed-in user, one request at a time): p50/p95
   with nothing else running, then while the Celery worker ingests a large document (POST /rag/ingest
   answers 202 at once; the job runs in the worker process).
2. Throughput: DOCS documents ingested at once, with the worker's pool at 1 process, then at 2
   (AI_WORKER_CONCURRENCY): chunks embedded per second, from the first 202 to the last job's end.

Run: `.venv/bin/python -m benchmarks.jobs_bench` (BENCH_PARAGRAPHS, BENCH_DOCS). Writes results/jobs_bench.json.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from benchmarks._common import (
    UNTHROTTLED,
    LocalStack,
    log,
    print_table,
    register_user,
    setup_logging,
    signed,
    write_results,
)
from tests.stack import REPO, running_stack

PROCESSES = ("gateway", "auth", "user", "ai", "ai-worker", "nginx")
PARAGRAPHS = int(os.environ.get("BENCH_PARAGRAPHS", "1200"))  # ~300 chunks: the large document
DOCS = int(os.environ.get("BENCH_DOCS", "4"))  # documents ingested at once for the throughput runs
WORDS = (
    "beagle terrier collie retriever shepherd poodle spaniel whippet kibble vaccine parasite grooming exercise "
    "enrichment hydration dental joints coat shedding training leash crate puppy senior weight nutrition"
).split()  # noqa: SIM905


def document(paragraphs: int) -> bytes:
    rng = random.Random(uuid.uuid4().int)
    parts = [f"# Care notes {uuid.uuid4().hex[:8]}"]
    for number in range(paragraphs):
        if number % 20 == 0:
            parts.append(f"## Part {number // 20}")
        parts.append(" ".join(rng.choice(WORDS) for _ in range(90)) + ".")
    return "\n\n".join(parts).encode()


def ai_url(stack: LocalStack) -> str:
    return f"http://127.0.0.1:{stack.ports['ai']}"


def ingest(stack: LocalStack, admin: str, content: bytes) -> str:
    response = httpx.post(
        f"{ai_url(stack)}/api/v1/rag/ingest",
        headers=signed(stack, user_id=admin, role="admin"),
        files={"file": (f"bench-{uuid.uuid4().hex[:6]}.md", content)},
        data={"document_type": "care"},
        timeout=60,
    )
    response.raise_for_status()
    return str(response.json()["data"]["job_id"])


def job(stack: LocalStack, admin: str, job_id: str) -> dict[str, Any]:
    response = httpx.get(
        f"{ai_url(stack)}/api/v1/jobs/{job_id}", headers=signed(stack, user_id=admin, role="admin"), timeout=30
    )
    response.raise_for_status()
    data: dict[str, Any] = response.json()["data"]
    return data


def wait_all(stack: LocalStack, admin: str, job_ids: list[str], timeout: float = 1800) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        states = [job(stack, admin, job_id) for job_id in job_ids]
        if all(state["state"] in ("succeeded", "failed", "cancelled") for state in states):
            return states
        time.sleep(0.5)
    raise TimeoutError("jobs did not finish")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def pets_latencies(
    stack: LocalStack, cookie: str, *, count: int = 0, until: threading.Event | None = None
) -> list[float]:
    """Sequential GET /api/v1/pets through nginx and the gateway, in milliseconds."""
    latencies: list[float] = []
    cookies = {"__Host-access_token": cookie}
    with httpx.Client(base_url=stack.base_url, verify=False, timeout=30, cookies=cookies) as client:
        while (count and len(latencies) < count) or (until is not None and not until.is_set()):
            started = time.perf_counter()
            response = client.get("/api/v1/pets")
            latencies.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.text
            time.sleep(0.05)  # a user clicking, not a load test
    return latencies


def restart_worker(stack: LocalStack, concurrency: int) -> None:
    """The stack's ai-worker again, with `concurrency` pool processes (same Procfile command)."""
    process = stack.processes["ai-worker"]
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
    from tests.stack import procfile_commands

    log_file = open(stack.root / "logs" / f"ai-worker-{concurrency}.log", "wb")  # noqa: SIM115
    stack.processes["ai-worker"] = subprocess.Popen(
        ["bash", "-c", procfile_commands()["ai-worker"]], cwd=REPO,
        env={**stack.env, "AI_WORKER_CONCURRENCY": str(concurrency)}, stdout=log_file, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip


def throughput(stack: LocalStack, admin: str, concurrency: int) -> dict[str, Any]:
    restart_worker(stack, concurrency)
    # Warm-up: the pool processes load their models on their first task.
    wait_all(stack, admin, [ingest(stack, admin, document(8)) for _ in range(concurrency)])
    started = time.perf_counter()
    job_ids = [ingest(stack, admin, document(PARAGRAPHS // 4)) for _ in range(DOCS)]
    states = wait_all(stack, admin, job_ids)
    seconds = time.perf_counter() - started
    chunks = sum(state["progress"]["total"] for state in states)
    return {"workers": concurrency, "documents": DOCS, "chunks": chunks, "seconds": round(seconds, 1),
            "chunks_per_second": round(chunks / seconds, 2)}  # fmt: skip


def main() -> None:
    setup_logging()
    overrides = {**UNTHROTTLED, "AI_WORKER_CONCURRENCY": "1"}
    with (
        tempfile.TemporaryDirectory(prefix="jobs-bench-") as root,
        running_stack(Path(root), only=PROCESSES, overrides=overrides) as stack,
    ):
        _user, cookie = register_user(stack, f"bench-{uuid.uuid4().hex[:8]}@example.com", "a long bench passphrase 42")
        assert cookie is not None
        admin = str(uuid.uuid4())
        wait_all(stack, admin, [ingest(stack, admin, document(8))])  # the worker loads its models
        log.info("baseline GET /pets")
        idle = pets_latencies(stack, cookie, count=200)
        log.info("GET /pets while a %d-paragraph document ingests", PARAGRAPHS)
        done = threading.Event()
        during: list[float] = []
        reader = threading.Thread(target=lambda: during.extend(pets_latencies(stack, cookie, until=done)))
        started = time.perf_counter()
        job_id = ingest(stack, admin, document(PARAGRAPHS))
        accepted_ms = (time.perf_counter() - started) * 1000
        reader.start()
        [state] = wait_all(stack, admin, [job_id])
        ingest_seconds = time.perf_counter() - started
        done.set()
        reader.join()
        latency = {
            "idle": {"requests": len(idle), "p50_ms": round(statistics.median(idle), 1),
                     "p95_ms": round(percentile(idle, 95), 1)},
            "during_ingestion": {"requests": len(during), "p50_ms": round(statistics.median(during), 1),
                                 "p95_ms": round(percentile(during, 95), 1)},
            "ingest_accepted_ms": round(accepted_ms, 1),
            "ingest_seconds": round(ingest_seconds, 1),
            "chunks": state["progress"]["total"],
        }  # fmt: skip
        runs = [throughput(stack, admin, workers) for workers in (1, 2)]
    print_table(
        "GET /api/v1/pets (nginx -> gateway -> user-service), one at a time",
        ["when", "requests", "p50 ms", "p95 ms"],
        [[name, latency[name]["requests"], latency[name]["p50_ms"], latency[name]["p95_ms"]]
         for name in ("idle", "during_ingestion")],
    )  # fmt: skip
    print_table(
        f"Large document ({latency['chunks']} chunks)",
        ["202 in ms", "indexed in s"],
        [[latency["ingest_accepted_ms"], latency["ingest_seconds"]]],
    )
    print_table(
        f"Ingestion throughput, {DOCS} documents at once",
        ["worker processes", "chunks", "seconds", "chunks/s"],
        [[run["workers"], run["chunks"], run["seconds"], run["chunks_per_second"]] for run in runs],
    )
    path = write_results("jobs_bench", {"latency": latency, "throughput": runs})
    log.info("wrote %s", path)


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    main()
