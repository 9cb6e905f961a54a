"""Background jobs' state in Redis, shared by the API (create, read, cancel) and the Celery workers (run).

f"{prefix}job:{job_id}" holds one JSON object: {job_id, kind, user_id, state, progress: {done, total},
results, error, created_at, updated_at, heartbeat_at, payload}. It lives JOB_TTL_SECONDS while queued or
running and `job_finished_ttl_seconds` once finished. Every change is a compare-and-set on the state
(WATCH/MULTI), so a cancel and a worker finishing the same job never both win: a job the worker marked
succeeded answers 409 JOB_FINISHED to a cancel, and a cancelled job never becomes succeeded.

Per user: f"{prefix}jobs:active:{user_id}" holds the unfinished job ids (admission: at most
`max_running_jobs_per_user`, 429 RATE_LIMITED with Retry-After beyond), f"{prefix}jobs:user:{user_id}"
every job id (account erasure finds them there). f"{prefix}jobs:unfinished" (a sorted set scored by the
last heartbeat) lets the stale-job sweep find jobs whose worker stopped beating.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from redis.asyncio import Redis
from redis.exceptions import WatchError

from smartbreeds_common.errors import ApplicationError

JOB_TTL_SECONDS = 24 * 3600
RETRY_AFTER_SECONDS = 30
UNFINISHED = frozenset({"queued", "running"})
FINISHED = frozenset({"succeeded", "failed", "cancelled"})

# Admission in one round trip: add the job only while the user has fewer than ARGV[2] active ones.
ADMIT_SCRIPT = """
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[3])
return 1
"""


def job_not_found() -> ApplicationError:
    return ApplicationError("JOB_NOT_FOUND", "Job not found.", status=404)


def _now_iso(now: float) -> str:
    return datetime.fromtimestamp(now, UTC).isoformat()


class TransitionRefused(Exception):
    """The job is not in a state that allows the change (e.g. finishing a cancelled job)."""

    def __init__(self, state: dict[str, Any] | None) -> None:
        super().__init__(state["state"] if state else "missing")
        self.state = state


class JobSettings(Protocol):
    redis_key_prefix: str
    job_finished_ttl_seconds: int
    max_running_jobs_per_user: int


@dataclass(frozen=True, slots=True)
class JobStore:
    """Read from `settings` at each call (a test may tighten a limit on the running app)."""

    redis: Redis
    settings: JobSettings

    @property
    def prefix(self) -> str:
        return self.settings.redis_key_prefix

    @property
    def finished_ttl_seconds(self) -> int:
        return self.settings.job_finished_ttl_seconds

    @property
    def max_running_per_user(self) -> int:
        return self.settings.max_running_jobs_per_user

    def key(self, job_id: str) -> str:
        return f"{self.prefix}job:{job_id}"

    def active_key(self, user_id: str) -> str:
        return f"{self.prefix}jobs:active:{user_id}"

    def user_key(self, user_id: str) -> str:
        return f"{self.prefix}jobs:user:{user_id}"

    @property
    def unfinished_key(self) -> str:
        return f"{self.prefix}jobs:unfinished"

    async def get(self, job_id: str) -> dict[str, Any] | None:
        raw = await self.redis.get(self.key(job_id))
        return json.loads(raw) if raw else None

    async def _forget_finished(self, user_id: str) -> None:
        """Drop from the user's active set the jobs that finished or expired."""
        key = self.active_key(user_id)
        job_ids = [str(job_id) for job_id in await self.redis.smembers(key)]
        if not job_ids:
            return
        states = await self.redis.mget([self.key(job_id) for job_id in job_ids])
        for job_id, raw in zip(job_ids, states, strict=True):
            if raw is None or json.loads(raw)["state"] in FINISHED:
                await self.redis.srem(key, job_id)

    async def create(
        self,
        *,
        kind: str,
        user_id: str,
        total: int = 0,
        payload: dict[str, Any] | None = None,
        limited: bool = True,
        job_id: str | None = None,
    ) -> dict[str, Any]:
        """A new queued job; when `limited`, 429 RATE_LIMITED if the user already has the maximum unfinished."""
        job_id = job_id or str(uuid.uuid4())
        if limited:
            await self._forget_finished(user_id)
            admitted = await self.redis.eval(
                ADMIT_SCRIPT,
                2,
                self.active_key(user_id),
                self.user_key(user_id),
                job_id,
                self.max_running_per_user,
                JOB_TTL_SECONDS,
            )
            if not admitted:
                raise ApplicationError(
                    "RATE_LIMITED",
                    f"You already have {self.max_running_per_user} jobs running; wait for one to finish.",
                    status=429,
                    headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
                )
        else:
            await self.redis.sadd(self.user_key(user_id), job_id)
            await self.redis.expire(self.user_key(user_id), JOB_TTL_SECONDS)
        now = time.time()
        state = {
            "job_id": job_id,
            "kind": kind,
            "user_id": user_id,
            "state": "queued",
            "progress": {"done": 0, "total": total},
            "results": None,
            "error": None,
            "created_at": _now_iso(now),
            "updated_at": _now_iso(now),
            "heartbeat_at": now,
            "payload": payload or {},
        }
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.set(self.key(job_id), json.dumps(state), ex=JOB_TTL_SECONDS)
            pipe.zadd(self.unfinished_key, {job_id: now})
            await pipe.execute()
        return state

    async def update(
        self,
        job_id: str,
        change: Callable[[dict[str, Any]], None],
        *,
        allowed: Iterable[str] = UNFINISHED,
    ) -> dict[str, Any]:
        """Apply `change` to the job's state if its current state is in `allowed`; else TransitionRefused."""
        allowed = frozenset(allowed)
        key = self.key(job_id)
        async with self.redis.pipeline(transaction=True) as pipe:
            while True:
                try:
                    await pipe.watch(key)
                    raw = await pipe.get(key)
                    state = json.loads(raw) if raw else None
                    if state is None or state["state"] not in allowed:
                        raise TransitionRefused(state)
                    change(state)
                    now = time.time()
                    state["updated_at"], state["heartbeat_at"] = _now_iso(now), now
                    finished = state["state"] in FINISHED
                    pipe.multi()
                    ttl = self.finished_ttl_seconds if finished else JOB_TTL_SECONDS
                    pipe.set(key, json.dumps(state), ex=ttl)
                    if finished:
                        pipe.zrem(self.unfinished_key, job_id)
                        pipe.srem(self.active_key(state["user_id"]), job_id)
                    else:
                        pipe.zadd(self.unfinished_key, {job_id: now})
                    await pipe.execute()
                    return state
                except WatchError:
                    continue

    async def start(self, job_id: str) -> dict[str, Any]:
        return await self.update(job_id, lambda state: state.update(state="running"))

    async def progress(self, job_id: str, *, done: int, total: int, results: Any = None) -> dict[str, Any]:
        def change(state: dict[str, Any]) -> None:
            state["progress"] = {"done": done, "total": total}
            if results is not None:
                state["results"] = results

        return await self.update(job_id, change, allowed={"running"})

    async def finish(self, job_id: str, *, state: str, error: str | None = None, results: Any = None) -> dict[str, Any]:
        def change(current: dict[str, Any]) -> None:
            current.update(state=state, error=error)
            if results is not None:
                current["results"] = results

        return await self.update(job_id, change)

    async def cancel(self, job_id: str) -> dict[str, Any]:
        """queued/running -> cancelled; a finished job is 409 JOB_FINISHED, a missing one 404."""
        try:
            return await self.finish(job_id, state="cancelled", error="Cancelled.")
        except TransitionRefused as refused:
            if refused.state is None:
                raise job_not_found() from refused
            raise ApplicationError("JOB_FINISHED", "The job has already finished.", status=409) from refused

    async def stale(self, *, older_than_seconds: float, now: float | None = None) -> list[str]:
        """Unfinished jobs whose last heartbeat is older than `older_than_seconds`."""
        cutoff = (now if now is not None else time.time()) - older_than_seconds
        return [str(job_id) for job_id in await self.redis.zrangebyscore(self.unfinished_key, "-inf", cutoff)]

    async def forget_unfinished(self, job_id: str) -> None:
        await self.redis.zrem(self.unfinished_key, job_id)


def public_view(state: dict[str, Any]) -> dict[str, Any]:
    """What GET /jobs/{job_id} answers."""
    return {
        key: state.get(key)
        for key in ("job_id", "kind", "state", "progress", "results", "error", "created_at", "updated_at")
    }
