"""Background jobs in cross-service tests: wait for a job the stack's Celery worker runs (GET /jobs/{id})."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx

FINISHED = ("succeeded", "failed", "cancelled")


def wait_for_job(get: Callable[[str], httpx.Response], job_id: str, timeout: float = 180.0) -> dict[str, Any]:
    """Poll `get("/api/v1/jobs/{job_id}")` until the job has finished; its final state."""
    deadline = time.monotonic() + timeout
    job: dict[str, Any] = {}
    while time.monotonic() < deadline:
        response = get(f"/api/v1/jobs/{job_id}")
        assert response.status_code == 200, response.text
        job = response.json()["data"]
        if job["state"] in FINISHED:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish in {timeout}s: {job}")
