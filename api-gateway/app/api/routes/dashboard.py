"""GET /api/v1/dashboard: pets, recent analyses and recommendations, fetched in parallel."""

from __future__ import annotations

import asyncio
from typing import Any

import structlog
from fastapi import APIRouter
from pydantic import BaseModel

from app.api.deps import Caller, CurrentUser, SettingsDep, UpstreamDep
from app.clients.upstream import UpstreamClient
from app.core.config import Settings
from smartbreeds_common.envelope import success
from smartbreeds_common.errors import ApplicationError

logger = structlog.get_logger(__name__)

router = APIRouter(tags=["dashboard"])

# part name -> (service, path)
PARTS: dict[str, tuple[str, str]] = {
    "pets": ("user", "/api/v1/pets"),
    "recent_analyses": ("user", "/api/v1/analyses/recent?limit=5"),
    "recommendations": ("ai", "/api/v1/recommendations/recent"),
}


class DashboardData(BaseModel):
    pets: Any | None
    recent_analyses: Any | None
    recommendations: Any | None
    degraded: list[str]


class DashboardEnvelope(BaseModel):
    success: bool
    data: DashboardData
    error: None
    timestamp: str


async def _fetch_part(name: str, caller: Caller, settings: Settings, upstream: UpstreamClient) -> Any:
    service, path = PARTS[name]
    response = await upstream.send(
        service,
        "GET",
        settings.service_url(service) + path,
        headers={**caller.signed_headers(settings.gateway_signing_secret), "X-Forwarded-For": caller.client_ip},
        timeout=settings.upstream_timeout_seconds,
    )
    try:
        await response.aread()
    finally:
        await response.aclose()
    if response.status_code != 200:
        raise ApplicationError("SERVICE_UNAVAILABLE", f"{name} answered {response.status_code}", status=503)
    body = response.json()
    return body.get("data") if isinstance(body, dict) else None


@router.get("/dashboard", response_model=DashboardEnvelope, summary="The caller's pets, recent analyses and recommendations")
async def dashboard(caller: CurrentUser, settings: SettingsDep, upstream: UpstreamDep) -> dict[str, Any]:
    names = list(PARTS)
    results = await asyncio.gather(*(_fetch_part(name, caller, settings, upstream) for name in names), return_exceptions=True)
    data: dict[str, Any] = {"degraded": []}
    for name, result in zip(names, results, strict=True):
        if isinstance(result, BaseException):
            logger.warning("dashboard_part_failed", part=name, error_type=type(result).__name__)
            data[name] = None
            data["degraded"].append(name)
        else:
            data[name] = result
    return success(data)
