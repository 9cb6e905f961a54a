"""Aggregated health: each service's /health in parallel, plus Redis."""

import asyncio
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from redis.exceptions import RedisError

from app.api.deps import RedisDep, SettingsDep, UpstreamsDep
from app.clients.upstream import Upstreams
from smartbreeds_common.envelope import success
from smartbreeds_common.fastapi.schemas import Envelope
from smartbreeds_common.health import health_report

router = APIRouter()

CORE = ("auth", "user", "ai", "redis", "postgres")


async def _service_health(upstreams: Upstreams, service: str, timeout: float) -> tuple[str, dict[str, Any]]:
    try:
        response = await upstreams.clients[service].get(
            upstreams.settings.upstream_url(service) + "/health", timeout=timeout
        )
        body = response.json()
    except Exception:  # noqa: BLE001 - any failure means the service is down for this report
        return "down", {}
    data = body.get("data") or (body.get("error") or {}).get("details") or {}
    dependencies = data.get("dependencies", {}) if isinstance(data, dict) else {}
    return ("ok" if response.status_code == 200 else "down"), dependencies


def _worst(values: list[str]) -> str:
    if not values:
        return "down"
    return "down" if "down" in values else "degraded" if "degraded" in values else "ok"


class PlatformHealth(BaseModel):
    status: Literal["ok", "degraded", "down"]
    services: dict[str, Literal["ok", "degraded", "down"]]


# 503 (a core part is down) still carries the report as a success-shaped envelope.
HEALTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    503: {"model": Envelope[PlatformHealth], "description": "A core dependency is down (same report)"},
}


@router.get(
    "/api/v1/health",
    summary="Platform health",
    tags=["gateway"],
    response_model=Envelope[PlatformHealth],
    responses=HEALTH_RESPONSES,
)
async def platform_health(settings: SettingsDep, redis: RedisDep, upstreams: UpstreamsDep) -> JSONResponse:
    names = ("auth", "user", "ai")
    results = await asyncio.gather(
        *(_service_health(upstreams, name, settings.health_timeout_seconds) for name in names)
    )
    services: dict[str, str] = {name: status for name, (status, _deps) in zip(names, results, strict=True)}
    try:
        services["redis"] = "ok" if await redis.ping() else "down"
    except RedisError:
        services["redis"] = "down"
    deps = {name: deps for name, (_status, deps) in zip(names, results, strict=True)}
    services["postgres"] = _worst([d["postgres"] for d in deps.values() if "postgres" in d])
    services["ollama"] = deps["ai"].get("ollama", "down")
    services["chroma"] = deps["ai"].get("chroma", "down")
    core_down = any(services[name] != "ok" for name in CORE)
    status = "down" if core_down else "ok" if all(v == "ok" for v in services.values()) else "degraded"
    return JSONResponse(success({"status": status, "services": services}), status_code=503 if core_down else 200)


@router.get("/health", include_in_schema=False)
async def gateway_health(redis: RedisDep) -> JSONResponse:
    try:
        redis_state = "ok" if await redis.ping() else "down"
    except RedisError:
        redis_state = "down"
    body, status_code = health_report({"redis": redis_state}, hard=("redis",))
    return JSONResponse(body, status_code=status_code)
