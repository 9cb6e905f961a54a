"""Background refresh of recommendations for all of a user's pets, with its state in Redis.

State lives at f"{prefix}job:{job_id}" for JOB_TTL_SECONDS while it is queued or running, and for
`job_finished_ttl_seconds` once it has finished. A running job beats its heartbeat after each pet;
a job whose heartbeat is older than STALE_AFTER_SECONDS (the process died or restarted) is reported
failed instead of staying "running" forever.

Bounded per user: f"{prefix}jobs:active:{user_id}" holds the ids of the user's unfinished jobs and
admits a new one only below `max_running_jobs_per_user` (429 RATE_LIMITED with Retry-After beyond);
f"{prefix}jobs:user:{user_id}" lists every job id of the user, so account erasure can find them.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import httpx
import structlog
from redis.asyncio import Redis

from smartbreeds_common.errors import ApplicationError
from smartbreeds_common.identity import Identity, signed_headers

from app.clients.redis import redis_key
from app.recommendations.context import RecommendationContext
from app.recommendations.service import recommend_for_pet

logger = structlog.get_logger(__name__)

JOB_TTL_SECONDS = 24 * 3600
STALE_AFTER_SECONDS = 120.0
BATCH_LIMIT = 10
FINISHED = frozenset({"succeeded", "failed"})
RETRY_AFTER_SECONDS = 30

# Admission in one round trip: add the job only while the user has fewer than ARGV[2] active ones.
ADMIT_SCRIPT = """
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[3])
return 1
"""


def job_key(ctx: RecommendationContext, job_id: str) -> str:
    return redis_key(ctx.settings, f"job:{job_id}")


def active_jobs_key(ctx: RecommendationContext, user_id: str) -> str:
    return redis_key(ctx.settings, f"jobs:active:{user_id}")


def user_jobs_key(ctx: RecommendationContext, user_id: str) -> str:
    return redis_key(ctx.settings, f"jobs:user:{user_id}")


async def _save(ctx: RecommendationContext, state: dict[str, Any], *, create: bool = False) -> None:
    """Write the job's state; an update never recreates a job that was erased with its user."""
    finished = state["status"] in FINISHED
    ttl = ctx.settings.job_finished_ttl_seconds if finished else JOB_TTL_SECONDS
    written = await ctx.redis.set(job_key(ctx, state["job_id"]), json.dumps(state), ex=ttl, xx=not create)
    if finished and written:
        await ctx.redis.srem(active_jobs_key(ctx, state["user_id"]), state["job_id"])


async def _forget_finished(ctx: RecommendationContext, redis: Redis, user_id: str) -> None:
    """Drop from the active set the jobs that finished, expired or went stale (their process died)."""
    key = active_jobs_key(ctx, user_id)
    job_ids = [str(job_id) for job_id in await redis.smembers(key)]  # decode_responses: already str
    if not job_ids:
        return
    states = await redis.mget([job_key(ctx, job_id) for job_id in job_ids])
    now = time.time()
    for job_id, raw in zip(job_ids, states, strict=True):
        state = json.loads(raw) if raw else None
        if state is None or state["status"] in FINISHED or now - float(state["heartbeat_at"]) > STALE_AFTER_SECONDS:
            await redis.srem(key, job_id)


async def create_job(ctx: RecommendationContext, *, user_id: str) -> dict[str, Any]:
    """A new queued job, or 429 RATE_LIMITED when the user already has the maximum unfinished."""
    await _forget_finished(ctx, ctx.redis, user_id)
    job_id = str(uuid.uuid4())
    admitted = await ctx.redis.eval(
        ADMIT_SCRIPT,
        2,
        active_jobs_key(ctx, user_id),
        user_jobs_key(ctx, user_id),
        job_id,
        ctx.settings.max_running_jobs_per_user,
        JOB_TTL_SECONDS,
    )
    if not admitted:
        raise ApplicationError(
            "RATE_LIMITED",
            f"You already have {ctx.settings.max_running_jobs_per_user} jobs running; wait for one to finish.",
            status=429,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    now = time.time()
    state = {
        "job_id": job_id,
        "user_id": user_id,
        "status": "queued",
        "progress": {"done": 0, "total": 0},
        "result": None,
        "error": None,
        "created_at": now,
        "heartbeat_at": now,
    }
    await _save(ctx, state, create=True)
    return state


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


async def run_batch_job(ctx: RecommendationContext, *, ident: Identity, state: dict[str, Any]) -> None:
    """Refresh every pet's recommendations; never raises (a failure is written to the job)."""
    try:
        state.update(status="running", heartbeat_at=time.time())
        await _save(ctx, state)
        pets = await fetch_user_pets(ctx, ident)
        state["progress"] = {"done": 0, "total": len(pets)}
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
            state["progress"]["done"] += 1
            state["heartbeat_at"] = time.time()
            await _save(ctx, state)
        state.update(status="succeeded", result={"pets": results}, heartbeat_at=time.time())
    except Exception as exc:  # noqa: BLE001 - any failure is recorded on the job as `failed`
        logger.warning("recommendation_job_failed", job_id=state["job_id"], error_type=type(exc).__name__)
        state.update(status="failed", error=str(exc) or type(exc).__name__, heartbeat_at=time.time())
    await _save(ctx, state)


async def job_status(ctx: RecommendationContext, *, job_id: str, user_id: str) -> dict[str, Any]:
    """The job as its owner sees it; anyone else gets 404 like for a job that does not exist."""
    raw = await ctx.redis.get(job_key(ctx, job_id))
    state = json.loads(raw) if raw else None
    if state is None or state.get("user_id") != user_id:
        raise ApplicationError("JOB_NOT_FOUND", "Job not found.", status=404)
    if state["status"] in ("queued", "running") and time.time() - float(state["heartbeat_at"]) > STALE_AFTER_SECONDS:
        state.update(status="failed", error="The job was interrupted (no progress for too long).")
    return {key: state[key] for key in ("job_id", "status", "progress", "result", "error")}
