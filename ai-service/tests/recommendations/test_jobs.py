from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx
from fakes.ollama import FakeOllama
from fastapi import FastAPI

from app.recommendations.jobs import STALE_AFTER_SECONDS
from tests.conftest import envelope_data, envelope_error, identity_headers
from tests.recommendations.conftest import FakeUserService

Headers = Callable[[], dict[str, str]]


async def _wait_for_end(client: httpx.AsyncClient, headers: Headers, job_id: str) -> dict[str, Any]:
    for _ in range(200):
        data: dict[str, Any] = envelope_data(await client.get(f"/api/v1/jobs/{job_id}", headers=headers()))
        if data["status"] in ("succeeded", "failed"):
            return data
        await asyncio.sleep(0.05)
    raise AssertionError("job did not finish")


async def test_a_batch_refreshes_every_pet_of_the_caller(
    client: httpx.AsyncClient,
    seeded_app: FastAPI,
    user_headers: Headers,
    user_id: str,
    user_service: FakeUserService,
    fake_ollama: FakeOllama,
) -> None:
    fake_ollama.set_mode("down")
    dog = user_service.add_pet(user_id, species="dog", breed="Beagle", age=20)
    cat = user_service.add_pet(user_id, species="cat", breed="Persian", age=40)

    response = await client.post("/api/v1/recommendations/batch", headers=user_headers())

    assert response.status_code == 202
    job_id = envelope_data(response)["job_id"]
    job = await _wait_for_end(client, user_headers, job_id)
    assert job["status"] == "succeeded", job
    assert job["progress"] == {"done": 2, "total": 2}
    assert {entry["pet_id"] for entry in job["result"]["pets"]} == {dog["id"], cat["id"]}
    assert all(entry["product_ids"] for entry in job["result"]["pets"])
    assert job["error"] is None
    assert ("GET", "/api/v1/pets") in user_service.requests


async def test_a_batch_whose_pet_list_fails_reports_failed(
    client: httpx.AsyncClient, seeded_app: FastAPI, user_headers: Headers, user_service: FakeUserService
) -> None:
    user_service.fail_list = True

    job_id = envelope_data(await client.post("/api/v1/recommendations/batch", headers=user_headers()))["job_id"]
    job = await _wait_for_end(client, user_headers, job_id)

    assert job["status"] == "failed"
    assert "500" in job["error"]


async def test_only_the_owner_can_read_a_job(
    client: httpx.AsyncClient, seeded_app: FastAPI, user_headers: Headers, user_service: FakeUserService
) -> None:
    job_id = envelope_data(await client.post("/api/v1/recommendations/batch", headers=user_headers()))["job_id"]

    response = await client.get(
        f"/api/v1/jobs/{job_id}", headers=identity_headers(user_id=str(uuid.uuid4()), role="user")
    )
    missing = await client.get(f"/api/v1/jobs/{uuid.uuid4()}", headers=user_headers())

    assert response.status_code == 404 and envelope_error(response)["code"] == "JOB_NOT_FOUND"
    assert missing.status_code == 404
    await _wait_for_end(client, user_headers, job_id)


async def test_a_job_left_running_by_a_dead_process_is_reported_failed(
    client: httpx.AsyncClient, seeded_app: FastAPI, user_headers: Headers, user_id: str
) -> None:
    job_id = str(uuid.uuid4())
    stale = time.time() - STALE_AFTER_SECONDS - 5
    state = {"job_id": job_id, "user_id": user_id, "status": "running", "progress": {"done": 1, "total": 3},
             "result": None, "error": None, "created_at": stale, "heartbeat_at": stale}  # fmt: skip
    settings = seeded_app.state.settings
    await seeded_app.state.redis.set(f"{settings.redis_key_prefix}job:{job_id}", json.dumps(state), ex=60)

    job = envelope_data(await client.get(f"/api/v1/jobs/{job_id}", headers=user_headers()))

    assert job["status"] == "failed"
    assert "interrupted" in job["error"]


async def _seed_running_job(app: FastAPI, user_id: str) -> str:
    """A job another request started and that is still running (fresh heartbeat), counted as active."""
    job_id, now = str(uuid.uuid4()), time.time()
    state = {"job_id": job_id, "user_id": user_id, "status": "running", "progress": {"done": 0, "total": 1},
             "result": None, "error": None, "created_at": now, "heartbeat_at": now}  # fmt: skip
    prefix = app.state.settings.redis_key_prefix
    await app.state.redis.set(f"{prefix}job:{job_id}", json.dumps(state), ex=60)
    await app.state.redis.sadd(f"{prefix}jobs:active:{user_id}", job_id)
    return job_id


async def test_a_user_at_the_running_job_limit_gets_429_with_retry_after(
    client: httpx.AsyncClient,
    seeded_app: FastAPI,
    user_headers: Headers,
    user_id: str,
    user_service: FakeUserService,
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
    user_service: FakeUserService,
    monkeypatch,
) -> None:
    monkeypatch.setattr(seeded_app.state.settings, "max_running_jobs_per_user", 1)
    job_id = envelope_data(await client.post("/api/v1/recommendations/batch", headers=user_headers()))["job_id"]
    await _wait_for_end(client, user_headers, job_id)

    second = await client.post("/api/v1/recommendations/batch", headers=user_headers())

    assert second.status_code == 202
    await _wait_for_end(client, user_headers, envelope_data(second)["job_id"])


async def test_a_finished_job_expires_after_the_finished_ttl(
    client: httpx.AsyncClient, seeded_app: FastAPI, user_headers: Headers, user_service: FakeUserService, monkeypatch
) -> None:
    monkeypatch.setattr(seeded_app.state.settings, "job_finished_ttl_seconds", 1)
    job_id = envelope_data(await client.post("/api/v1/recommendations/batch", headers=user_headers()))["job_id"]
    await _wait_for_end(client, user_headers, job_id)

    ttl = await seeded_app.state.redis.ttl(f"{seeded_app.state.settings.redis_key_prefix}job:{job_id}")
    assert 0 < ttl <= 1
    await asyncio.sleep(1.3)
    assert (await client.get(f"/api/v1/jobs/{job_id}", headers=user_headers())).status_code == 404
