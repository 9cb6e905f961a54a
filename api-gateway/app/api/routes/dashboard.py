"""GET /dashboard: pets, recent analyses and recommendations fetched in parallel; a failed part is null."""

import asyncio
from typing import Any

import structlog
from fastapi import APIRouter, Request
from pydantic import BaseModel

from app.api.deps import CurrentUser, SettingsDep, UpstreamsDep
from app.headers import upstream_headers
from app.openapi.errors import error_responses
from smartbreeds_common.fastapi.schemas import Envelope

logger = structlog.get_logger(__name__)
router = APIRouter()


class DashboardData(BaseModel):
    """Each part as its service answers it (pets and recent analyses: user service; recommendations:
    AI service), or null when that service failed; `degraded` names the failed parts."""

    pets: list[dict[str, Any]] | None
    recent_analyses: list[dict[str, Any]] | None
    recommendations: list[dict[str, Any]] | None
    degraded: list[str]


PARTS: dict[str, tuple[str, str]] = {
    "pets": ("user", "/api/v1/pets"),
    "recent_analyses": ("user", "/api/v1/analyses/recent?limit=5"),
    "recommendations": ("ai", "/api/v1/recommendations/recent"),
}


@router.get(
    "/api/v1/dashboard",
    summary="Pets, recent analyses and recommendations",
    tags=["gateway"],
    responses=error_responses(401, 429, 503),
)
async def dashboard(
    request: Request, caller: CurrentUser, settings: SettingsDep, upstreams: UpstreamsDep
) -> Envelope[DashboardData]:
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
    return Envelope(data=DashboardData.model_validate(data))
