"""GET /dashboard: pets, recent analyses and recommendations fetched in parallel; a failed part is null."""

import asyncio
from typing import Any

import structlog
from fastapi import APIRouter, Request

from app.api.deps import CurrentUser, SettingsDep, UpstreamsDep
from app.api.routes.openapi_docs import envelope_responses
from app.headers import upstream_headers
from smartbreeds_common.envelope import success

logger = structlog.get_logger(__name__)
router = APIRouter()

PARTS: dict[str, tuple[str, str]] = {
    "pets": ("user", "/api/v1/pets"),
    "recent_analyses": ("user", "/api/v1/analyses/recent?limit=5"),
    "recommendations": ("ai", "/api/v1/recommendations/recent"),
}


@router.get(
    "/api/v1/dashboard",
    summary="Pets, recent analyses and recommendations",
    tags=["gateway"],
    responses=envelope_responses(200, None, [401, 429, 503]),
)
async def dashboard(request: Request, caller: CurrentUser, settings: SettingsDep, upstreams: UpstreamsDep) -> dict[str, Any]:
    headers = upstream_headers(
        [("accept", "application/json")],
        settings,
        user_id=caller.user_id,
        role=caller.role,
        request_id=caller.request_id,
        correlation_id=caller.correlation_id,
        ip=caller.ip,
    )

    async def fetch(service: str, path: str) -> Any:
        response = await upstreams.get_json(service, path, headers=headers)
        response.raise_for_status()
        return response.json()["data"]

    results = await asyncio.gather(*(fetch(*target) for target in PARTS.values()), return_exceptions=True)
    data: dict[str, Any] = {"degraded": []}
    for name, result in zip(PARTS, results, strict=True):
        if isinstance(result, BaseException):
            logger.warning("dashboard_part_failed", part=name, error=type(result).__name__)
            data[name] = None
            data["degraded"].append(name)
        else:
            data[name] = result
    body: dict[str, Any] = success(data)
    return body
