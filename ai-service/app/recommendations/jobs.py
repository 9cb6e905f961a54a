"""Refresh recommendations for all of a user's pets as a background job on the Celery workers.

The job's state is the shared job store's (app.jobs.store: kind `recommendations`, per-user limit,
429 with Retry-After beyond it); the work runs in `run_batch_job` on a worker (app.recommendations.tasks).
A worker that dies mid-job gives the message back and the job runs again from the start: it only reads
and caches, so running it twice writes nothing twice.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import httpx
import structlog

from smartbreeds_common.errors import ApplicationError
from smartbreeds_common.identity import Identity, signed_headers

from app.core.celery import RECOMMEND_BATCH
from app.jobs.service import RECOMMENDATIONS
from app.jobs.store import JobStore, TransitionRefused
from app.recommendations.context import RecommendationContext
from app.recommendations.service import recommend_for_pet

logger = structlog.get_logger(__name__)

BATCH_LIMIT = 10


async def create_job(state: Any, *, ident: Identity) -> dict[str, Any]:
    """A queued job on the workers, or 429 RATE_LIMITED when the user already has the maximum unfinished."""
    jobs: JobStore = state.jobs
    job = await jobs.create(kind=RECOMMENDATIONS, user_id=ident.user_id, payload={"role": ident.role})
    try:
        await asyncio.to_thread(
            state.celery.send_task,
            RECOMMEND_BATCH,
            args=[job["job_id"], ident.user_id, ident.role, ident.request_id],
            task_id=job["job_id"],
        )
    except Exception as exc:
        await jobs.finish(job["job_id"], state="failed", error="The job could not be queued.")
        raise ApplicationError("SERVICE_UNAVAILABLE", "The job could not be queued; try again.", status=503) from exc
    return job


async def fetch_user_pets(ctx: RecommendationContext, ident: Identity) -> list[dict[str, Any]]:
    """GET {USER_SERVICE_URL}/api/v1/pets, signed on behalf of the caller."""
    headers = signed_headers(
        ctx.settings.gateway_signing_secret, user_id=ident.user_id, role=ident.role, request_id=ident.request_id
    )
    url = ctx.settings.user_service_url.rstrip("/") + "/api/v1/pets"
    try:
        response = await ctx.http.get(url, headers=headers, timeout=ctx.settings.user_service_timeout_seconds)
    except httpx.HTTPError as exc:
        raise RuntimeError(f"user service unreachable ({type(exc).__name__})") from exc
    if response.status_code != 200:
        raise RuntimeError(f"user service answered {response.status_code} for the pet list")
    payload = response.json()
    data = payload.get("data") if isinstance(payload, dict) and "success" in payload else payload
    if isinstance(data, dict) and "results" in data:  # a paginated list
        data = data["results"]
    if not isinstance(data, list):
        raise RuntimeError("user service answered an unexpected pet list")
    return [pet for pet in data if isinstance(pet, dict) and pet.get("id")]


async def run_batch_job(ctx: RecommendationContext, jobs: JobStore, *, job_id: str, ident: Identity) -> str:
    """Refresh every pet's recommendations; a failure is written to the job, a cancel stops it."""
    try:
        await jobs.start(job_id)
        pets = await fetch_user_pets(ctx, ident)
        await jobs.progress(job_id, done=0, total=len(pets))
        results = []
        for pet in pets:
            result = await recommend_for_pet(
                ctx, user_id=ident.user_id, pet=pet, category=None, limit=BATCH_LIMIT, use_cache=False
            )
            results.append(
                {
                    "pet_id": str(pet["id"]),
                    "product_ids": [str(p.id) for p in result.products],
                    "top_products": [p.name for p in result.products[:3]],
                    "degraded": result.degraded,
                }
            )
            await jobs.progress(job_id, done=len(results), total=len(pets))
        await jobs.finish(job_id, state="succeeded", results={"pets": results})
        return "succeeded"
    except TransitionRefused:
        return "cancelled"  # cancelled, erased with its user, or already finished by an earlier delivery
    except Exception as exc:  # noqa: BLE001 - any failure is recorded on the job as `failed`
        logger.warning("recommendation_job_failed", job_id=job_id, error_type=type(exc).__name__)
        with contextlib.suppress(TransitionRefused):
            await jobs.finish(job_id, state="failed", error=str(exc) or type(exc).__name__)
        return "failed"
