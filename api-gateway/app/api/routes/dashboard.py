"""GET /dashboard: pets, recent analyses and recommendations fetched in parallel; a failed part is null."""

import asyncio
from typing import Annotated, Any

import structlog
from fastapi import APIRouter
from pydantic import BaseModel, Field

from app.api.deps import CurrentUser, SettingsDep, UpstreamsDep
from app.headers import upstream_headers
from app.openapi import DATA_OF
from app.openapi.errors import error_responses
from smartbreeds_common.fastapi.schemas import Envelope

logger = structlog.get_logger(__name__)
router = APIRouter()

# Each part: the route-table entry it calls (its public path) and the query it adds.
PARTS: dict[str, tuple[str, str, str]] = {
    "pets": ("user", "/api/v1/pets", ""),
    "recent_analyses": ("user", "/api/v1/analyses/recent", "?limit=5"),
    "recommendations": ("ai", "/api/v1/recommendations/recent", ""),
}


def _part(name: str) -> Any:
    """A part as its route answers it (passed through unchanged, documented as that route's `data`),
    or null when its service failed."""
    return Field(json_schema_extra={DATA_OF: "GET " + PARTS[name][1]})


class DashboardData(BaseModel):
    """Each part as its route answers it, or null when its service failed; `degraded` names those parts."""

    pets: Annotated[list[dict[str, Any]] | None, _part("pets")]
    recent_analyses: Annotated[list[dict[str, Any]] | None, _part("recent_analyses")]
    recommendations: Annotated[list[dict[str, Any]] | None, _part("recommendations")]
    degraded: list[str]


@router.get(
    "/api/v1/dashboard",
    summary="Pets, recent analyses and recommendations",
    tags=["gateway"],
    responses=error_responses(401, 429, 503),
)
async def dashboard(caller: CurrentUser, settings: SettingsDep, upstreams: UpstreamsDep) -> Envelope[DashboardData]:
    headers = upstream_headers(
        [("accept", "application/json")],
        settings,
        user_id=caller.user_id,
        role=caller.role,
        request_id=caller.request_id,
        correlation_id=caller.correlation_id,
        ip=caller.ip,
    )

    async def fetch(service: str, path: str, query: str) -> list[dict[str, Any]]:
        response = await upstreams.get_json(service, path + query, headers=headers)
        response.raise_for_status()
        data: list[dict[str, Any]] = response.json()["data"]
        return data

    results = await asyncio.gather(*(fetch(*target) for target in PARTS.values()), return_exceptions=True)
    parts: dict[str, list[dict[str, Any]] | None] = {}
    degraded: list[str] = []
    for name, result in zip(PARTS, results, strict=True):
        if isinstance(result, BaseException):
            logger.warning("dashboard_part_failed", part=name, error=type(result).__name__)
            parts[name] = None
            degraded.append(name)
        else:
            parts[name] = result
    data = DashboardData(
        pets=parts["pets"],
        recent_analyses=parts["recent_analyses"],
        recommendations=parts["recommendations"],
        degraded=degraded,
    )
    return Envelope(data=data)
