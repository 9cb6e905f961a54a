"""Ingest through the API and wait for the worker's job: the document as GET /rag/documents lists it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import httpx

from tests.conftest import envelope_data

Headers = Callable[[], dict[str, str]]
FINISHED = ("succeeded", "failed", "cancelled")


async def post_document(
    client: httpx.AsyncClient, headers: Headers, name: str, content: bytes, document_type: str = "care", **form: str
) -> dict[str, str]:
    response = await client.post(
        "/api/v1/rag/ingest",
        headers=headers(),
        files={"file": (name, content)},
        data={"document_type": document_type, **form},
    )
    assert response.status_code == 202, response.text
    accepted: dict[str, str] = envelope_data(response)
    return accepted


async def job_of(client: httpx.AsyncClient, headers: Headers, job_id: str) -> dict[str, Any]:
    data: dict[str, Any] = envelope_data(await client.get(f"/api/v1/jobs/{job_id}", headers=headers()))
    return data


async def wait_for_job(
    client: httpx.AsyncClient,
    headers: Headers,
    job_id: str,
    until: Callable[[dict[str, Any]], bool] = lambda job: job["state"] in FINISHED,
    timeout: float = 120.0,
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = await job_of(client, headers, job_id)
        if until(job):
            return job
        await asyncio.sleep(0.02)
    raise AssertionError(f"job {job_id} did not get there in {timeout}s: {job}")


async def listed_document(client: httpx.AsyncClient, headers: Headers, document_id: str) -> dict[str, Any] | None:
    listed = envelope_data(await client.get("/api/v1/rag/documents", headers=headers()))
    return next((item for item in listed if item["id"] == document_id), None)


async def ingest_and_wait(
    client: httpx.AsyncClient, headers: Headers, name: str, content: bytes, document_type: str = "care", **form: str
) -> dict[str, Any]:
    accepted = await post_document(client, headers, name, content, document_type, **form)
    await wait_for_job(client, headers, accepted["job_id"])
    document = await listed_document(client, headers, accepted["document_id"])
    assert document is not None
    return {**document, "document_id": document["id"], "job_id": accepted["job_id"]}


async def ingest_inline(
    client: httpx.AsyncClient, headers: Headers, state: Any, name: str, content: bytes, document_type: str = "care"
) -> dict[str, Any]:
    """POST /rag/ingest, then run the worker's job in this process (`run_ingestion`, what the Celery task
    runs), so a test sees the parse (its reports, its refusal) without a worker subprocess. Returns the
    job's outcome (succeeded / failed), the job and the listed document."""
    from app.rag.tasks import run_ingestion

    accepted = await post_document(client, headers, name, content, document_type)
    outcome = await run_ingestion(state, job_id=accepted["job_id"], document_id=accepted["document_id"])
    job = await job_of(client, headers, accepted["job_id"])
    document = await listed_document(client, headers, accepted["document_id"])
    return {"outcome": outcome, "job": job, "document": document, **accepted}
