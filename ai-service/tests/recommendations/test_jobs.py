from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fakes.ollama import FakeOllama
from fastapi import FastAPI

from app.maintenance.tasks import STALE_ERROR, fail_stale_jobs
from tests.conftest import envelope_data, envelope_error, identity_headers
from tests.fake_pet_service import FakePetService

Headers = Callable[[], dict[str, str]]
pytestmark = pytest.mark.usefixtures("worker")  # the jobs run on a real Celery worker


async def _wait_for_end(client: httpx.AsyncClient, headers: Headers, job_id: str) -> dict[str, Any]:
    for _ in range(2400):
        data: dict[str, Any] = envelope_data(await client.get(f"/api/v1/jobs/{job_id}", headers=headers()))
        if data["state"] in ("succeeded", "failed", "cancelled"):
            return data
        await asyncio.sleep(0.05)
    raise AssertionError("job did not finish")


async def test_a_batch_refreshes_every_pet_of_the_caller(
    client: httpx.AsyncClient,
    seeded_app: FastAPI,
    user_headers: Headers,
    user_id: str,
    user_service: FakePetService,
    fake_ollama: FakeOllama,
) -> None:
    fake_ollama.set_mode("down")
    dog = user_service.add_pet(user_id, species="dog", breed="Beagle", age=20)
    cat = user_service.add_pet(user_id, species="cat", breed="Persian", age=40)

    response = await client.post("/api/v1/recommendations/batch", headers=user_headers())

    assert response.status_code == 202
    job_id = envelope_data(response)["job_id"]
    job = await _wait_for_end(client, user_headers, job_id)
    assert job["state"] == "succeeded", job
    assert job["kind"] == "recommendations"
    assert job["progress"] == {"done": 2, "total": 2}
    assert {entry["pet_id"] for entry in job["results"]["pets"]} == {dog["id"], cat["id"]}
    assert all(entry["product_ids"] for entry in job["results"]["pets"])
    assert job["error"] is None
    assert ("GET", "/api/v1/pets") in user_service.requests


async def test_a_batch_whose_pet_list_fails_reports_failed(
    client: httpx.AsyncClient, seeded_app: FastAPI, user_headers: Headers, user_service: FakePetService
) -> None:
    user_service.fail_list = True

    job_id = envelope_data(await client.post("/api/v1/recommendations/batch", headers=user_headers()))["job_id"]
    job = await _wait_for_end(client, user_headers, job_id)

    assert job["state"] == "failed"
    assert "500" in job["error"]


async def test_only_the_owner_can_read_a_job(
    client: httpx.AsyncClient, seeded_app: FastAPI, user_headers: Headers, user_service: FakePetService
) -> None:
    job_id = envelope_data(await client.post("/api/v1/recommendations/batch", headers=user_headers()))["job_id"]

    response = await client.get(
        f"/api/v1/jobs/{job_id}", headers=identity_headers(user_id=str(uuid.uuid4()), role="user")
    )
    missing = await client.get(f"/api/v1/jobs/{uuid.uuid4()}", headers=user_headers())

    assert response.status_code == 404 and envelope_error(response)["code"] == "JOB_NOT_FOUND"
    assert missing.status_code == 404
    await _wait_for_end(client, user_headers, job_id)


async def test_beat_fails_a_job_whose_worker_stopped_beating(
    client: httpx.AsyncClient, seeded_app: FastAPI, user_headers: Headers, user_id: str, monkeypatch
) -> None:
    job_id = await _seed_running_job(seeded_app, user_id)
    monkeypatch.setattr(seeded_app.state.settings, "stale_job_seconds", 0)

    failed = await fail_stale_jobs(seeded_app.state)

    assert job_id in failed
    job = envelope_data(await client.get(f"/api/v1/jobs/{job_id}", headers=user_headers()))
    assert job["state"] == "failed" and job["error"] == STALE_ERROR


async def _seed_running_job(app: FastAPI, user_id: str) -> str:
    """A job another request started and that is still running, counted as active (no worker takes it)."""
    job = await app.state.jobs.create(kind="recommendations", user_id=user_id, limited=False)
    await app.state.jobs.start(job["job_id"])
    await app.state.redis.sadd(app.state.jobs.active_key(user_id), job["job_id"])
    return str(job["job_id"])


async def test_a_user_at_the_running_job_limit_gets_429_with_retry_after(
    client: httpx.AsyncClient,
    seeded_app: FastAPI,
    user_headers: Headers,
    user_id: str,
    user_service: FakePetService,
    monkeypatch,
) -> None:
    monkeypatch.setattr(seeded_app.state.settings, "max_running_jobs_per_user", 2)
    for _ in range(2):
        await _seed_running_job(seeded_app, user_id)

    refused = await client.post("/api/v1/recommendations/batch", headers=user_headers())
    other_user = await client.post(
        "/api/v1/recommendations/batch", headers=identity_headers(user_id=str(uuid.uuid4()), role="user")
    )

    assert refused.status_code == 429 and envelope_error(refused)["code"] == "RATE_LIMITED"
    assert int(refused.headers["retry-after"]) > 0
    assert other_user.status_code == 202  # the limit is per user


async def test_a_finished_or_dead_job_frees_its_slot(
    client: httpx.AsyncClient,
    seeded_app: FastAPI,
    user_headers: Headers,
    user_id: str,
    user_service: FakePetService,
    monkeypatch,
) -> None:
    monkeypatch.setattr(seeded_app.state.settings, "max_running_jobs_per_user", 1)
    job_id = envelope_data(await client.post("/api/v1/recommendations/batch", headers=user_headers()))["job_id"]
    await _wait_for_end(client, user_headers, job_id)

    second = await client.post("/api/v1/recommendations/batch", headers=user_headers())

    assert second.status_code == 202
    await _wait_for_end(client, user_headers, envelope_data(second)["job_id"])


async def test_a_finished_job_expires_after_the_finished_ttl(
    client: httpx.AsyncClient, seeded_app: FastAPI, user_headers: Headers, user_id: str, monkeypatch
) -> None:
    monkeypatch.setattr(seeded_app.state.settings, "job_finished_ttl_seconds", 1)
    job_id = await _seed_running_job(seeded_app, user_id)
    await seeded_app.state.jobs.finish(job_id, state="succeeded", results={"pets": []})

    ttl = await seeded_app.state.redis.ttl(f"{seeded_app.state.settings.redis_key_prefix}job:{job_id}")
    assert 0 < ttl <= 1
    await asyncio.sleep(1.3)
    assert (await client.get(f"/api/v1/jobs/{job_id}", headers=user_headers())).status_code == 404
