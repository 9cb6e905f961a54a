"""POST /api/v1/pets/analyze/batch on a real Celery worker: per-photo results streaming into the job, each
photo stored exactly like a single analysis, exactly once even when the worker process is killed; the
per-user running-job limit; cancel removes what the batch stored."""

from __future__ import annotations

import asyncio
import io
import os
import signal
import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fakes.ollama import FakeOllama
from fastapi import FastAPI
from PIL import Image
from sqlalchemy import func, select

from app.batch.models import BatchAnalysisItem
from app.db.models import Analysis, ImageUpload
from tests.conftest import envelope_data, envelope_error
from tests.images import photo_path
from tests.workers import Worker

Headers = Callable[[], dict[str, str]]
BATCH = "/api/v1/pets/analyze/batch"
FINISHED = ("succeeded", "failed", "cancelled")
pytestmark = pytest.mark.usefixtures("worker")


def small_photos(count: int) -> list[bytes]:
    """`count` different small crops of a real cat photo (PNG, 96x96): fast to analyse, distinct hashes."""
    photos = []
    with Image.open(photo_path("chelsea.png")) as source:
        cat = source.convert("RGB")
        for number in range(count):
            left, top = 60 + (number % 10) * 3, 20 + (number // 10) * 3
            crop = cat.crop((left, top, left + 300, top + 280)).resize((96, 96))
            out = io.BytesIO()
            crop.save(out, format="PNG")
            photos.append(out.getvalue())
    return photos


async def post_batch(client: httpx.AsyncClient, headers: Headers, photos: list[bytes]) -> httpx.Response:
    files = [("images", (f"pet-{index}.png", content, "image/png")) for index, content in enumerate(photos)]
    return await client.post(BATCH, headers=headers(), files=files)


async def wait_for(
    client: httpx.AsyncClient,
    headers: Headers,
    job_id: str,
    until: Callable[[dict[str, Any]], bool],
    timeout: float = 240,
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    job: dict[str, Any] = {}
    while time.monotonic() < deadline:
        job = envelope_data(await client.get(f"/api/v1/jobs/{job_id}", headers=headers()))
        if until(job):
            return job
        await asyncio.sleep(0.05)
    raise AssertionError(f"job {job_id} did not get there: {job}")


def finished(job: dict[str, Any]) -> bool:
    return job["state"] in FINISHED


async def count_rows(app: FastAPI, model: Any, *where: Any) -> int:
    async with app.state.session_factory() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


async def test_a_batch_of_50_photos_completes_with_one_stored_analysis_per_photo_even_if_a_worker_dies(
    client: httpx.AsyncClient,
    app: FastAPI,
    user_headers: Headers,
    user_id: str,
    fake_ollama: FakeOllama,
    worker: Worker,
) -> None:
    fake_ollama.set_mode("down")  # the CPU classifier alone: fast
    photos = small_photos(50)

    response = await post_batch(client, user_headers, photos)

    assert response.status_code == 202, response.text
    job_id = envelope_data(response)["job_id"]
    partial = await wait_for(client, user_headers, job_id, lambda job: job["progress"]["done"] >= 2 or finished(job))
    if not finished(partial):  # results stream in: the first photos are there while the rest are not
        assert partial["state"] == "running" and partial["kind"] == "batch_analysis"
        assert partial["progress"]["total"] == 50 and len(partial["results"]) == 50
        assert partial["results"][0]["analysis"]["analysis_id"] and partial["results"][-1] is None
        os.kill(worker.pool_pids()[0], signal.SIGKILL)  # the process running the batch dies mid-way
    job = await wait_for(client, user_headers, job_id, finished)

    assert job["state"] == "succeeded", job
    assert job["progress"] == {"done": 50, "total": 50}
    assert [entry["index"] for entry in job["results"]] == list(range(50))  # upload order
    analyses = [entry["analysis"] for entry in job["results"]]
    assert all(analysis["species"] == "cat" for analysis in analyses)
    ids = {analysis["analysis_id"] for analysis in analyses}
    assert len(ids) == 50
    assert await count_rows(app, Analysis, Analysis.user_id == user_id) == 50  # one per photo, none twice
    assert await count_rows(app, BatchAnalysisItem, BatchAnalysisItem.job_id == uuid.UUID(job_id)) == 50
    assert await count_rows(app, ImageUpload, ImageUpload.user_id == user_id) == 50
    stored = await client.get(analyses[7]["image_url"], headers=user_headers())  # stored like a single analysis
    assert stored.status_code == 200


async def test_each_photo_is_checked_like_a_single_upload(client: httpx.AsyncClient, user_headers: Headers) -> None:
    too_many = await post_batch(client, user_headers, [b"x"] * 51)
    none = await client.post(BATCH, headers=user_headers(), files=[("other", ("a.txt", b"hello", "text/plain"))])
    corrupt = await post_batch(client, user_headers, [*small_photos(2), b"\x89PNG\r\n\x1a\nnot really"])

    assert too_many.status_code == 400 and envelope_error(too_many)["code"] == "VALIDATION_ERROR"
    assert none.status_code == 400
    assert corrupt.status_code == 400 and "Photo 3" in envelope_error(corrupt)["message"]


async def test_a_user_at_the_running_job_limit_gets_429_with_retry_after(
    client: httpx.AsyncClient, app: FastAPI, user_headers: Headers, user_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app.state.settings, "max_running_jobs_per_user", 1)
    held = await app.state.jobs.create(kind="batch_analysis", user_id=user_id)  # a job still running elsewhere

    refused = await post_batch(client, user_headers, small_photos(1))

    assert refused.status_code == 429 and envelope_error(refused)["code"] == "RATE_LIMITED"
    assert int(refused.headers["retry-after"]) > 0
    await app.state.jobs.finish(held["job_id"], state="failed", error="test")


@pytest.mark.xfail(
    reason="known race (issue 29 follow-up): a photo the worker finishes just after the cancel keeps its analysis",
    strict=False,
)
async def test_cancelling_a_batch_removes_the_analyses_it_stored(
    client: httpx.AsyncClient, app: FastAPI, user_headers: Headers, user_id: str, fake_ollama: FakeOllama
) -> None:
    fake_ollama.set_mode("down")
    job_id = envelope_data(await post_batch(client, user_headers, small_photos(20)))["job_id"]
    await wait_for(client, user_headers, job_id, lambda job: job["progress"]["done"] >= 1 or finished(job))

    response = await client.delete(f"/api/v1/jobs/{job_id}", headers=user_headers())

    assert response.status_code in (200, 409), response.text
    if response.status_code == 200:
        # The worker stops at its next photo; a second batch runs only after it let go of this one.
        marker = envelope_data(await post_batch(client, user_headers, small_photos(1)[:1]))["job_id"]
        await wait_for(client, user_headers, marker, finished)
        marker_rows = await count_rows(app, BatchAnalysisItem, BatchAnalysisItem.job_id == uuid.UUID(marker))
        assert await count_rows(app, BatchAnalysisItem, BatchAnalysisItem.job_id == uuid.UUID(job_id)) == 0
        assert await count_rows(app, Analysis, Analysis.user_id == user_id) == marker_rows
        job = envelope_data(await client.get(f"/api/v1/jobs/{job_id}", headers=user_headers()))
        assert job["state"] == "cancelled"
