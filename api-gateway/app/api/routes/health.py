"""GET /api/v1/health: every service's /health and Redis, polled in parallel, folded into one status."""

from __future__ import annotations

import asyncio
from typing import Any, Literal

import httpx
from fastapi import APIRouter
from fastapi.responses import JSONResponse
from redis.exceptions import RedisError

from app.api.deps import RedisDep, SettingsDep, UpstreamDep
from smartbreeds_common.envelope import failure, success

router = APIRouter(tags=["health"])

Status = Literal["ok", "degraded", "down"]
SERVICES = ("auth", "user", "ai")
# The AI service itself treats these as soft (it answers 200 degraded and falls back without them).
OPTIONAL = frozenset({"ollama", "chroma"})
STATUSES = frozenset({"ok", "degraded", "down"})


async def _service_health(http: httpx.AsyncClient, url: str, timeout: float) -> tuple[Status, dict[str, str]]:
    try:
        response = await http.get(f"{url}/health", timeout=timeout)
        body: Any = response.json()
    except (httpx.HTTPError, ValueError):
        return "down", {}
    data = body.get("data") if isinstance(body, dict) and isinstance(body.get("data"), dict) else body
    raw = data.get("dependencies") if isinstance(data, dict) else None
    dependencies = {str(k): str(v) for k, v in raw.items() if v in STATUSES} if isinstance(raw, dict) else {}
    if response.status_code != 200:
        return "down", dependencies
    return ("degraded" if isinstance(data, dict) and data.get("status") == "degraded" else "ok"), dependencies


async def _redis_health(redis: Any) -> Status:
    try:
        await asyncio.wait_for(redis.ping(), timeout=2)
    except (RedisError, OSError, TimeoutError):
        return "down"
    return "ok"


def _dependency(name: str, reports: list[dict[str, str]]) -> Status:
    """What the services say about a shared dependency: down if any sees it down, unknown counts as down."""
    seen = [report[name] for report in reports if name in report]
    if not seen or "down" in seen:
        return "down"
    return "degraded" if "degraded" in seen else "ok"


def overall(services: dict[str, Status]) -> Status:
    if any(status == "down" for name, status in services.items() if name not in OPTIONAL):
        return "down"
    return "ok" if all(status == "ok" for status in services.values()) else "degraded"


@router.get("/health", summary="Aggregated health of the platform")
async def health(settings: SettingsDep, redis: RedisDep, upstream: UpstreamDep) -> JSONResponse:
    timeout = settings.health_timeout_seconds
    *checked, redis_status = await asyncio.gather(
        *(_service_health(upstream.http, settings.service_url(name), timeout) for name in SERVICES), _redis_health(redis)
    )
    services: dict[str, Status] = {name: status for name, (status, _deps) in zip(SERVICES, checked, strict=True)}
    services["redis"] = redis_status
    reports = [deps for _status, deps in checked]
    ai_report = [checked[SERVICES.index("ai")][1]]
    services["postgres"] = _dependency("postgres", reports)
    services["ollama"] = _dependency("ollama", ai_report)
    services["chroma"] = _dependency("chroma", ai_report)
    status = overall(services)
    data = {"status": status, "services": services}
    if status == "down":
        body = failure("SERVICE_UNAVAILABLE", "A core service is down.", {})
        body["data"] = data
        return JSONResponse(body, status_code=503)
    return JSONResponse(success(data))
