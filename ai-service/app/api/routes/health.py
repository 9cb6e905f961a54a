"""GET /health: the only route without a gateway signature; 503 when PostgreSQL or Redis is down (body:
`smartbreeds_common.health`, the same in every service)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from smartbreeds_common.fastapi.schemas import Envelope, ErrorEnvelope, HealthReport
from smartbreeds_common.health import health_report

logger = structlog.get_logger(__name__)
router = APIRouter(tags=["health"])

CHECK_TIMEOUT_SECONDS = 2.0
HARD_DEPENDENCIES = ("postgres", "redis")


async def _check(name: str, probe: Callable[[], Awaitable[Any]]) -> str:
    try:
        ok = await asyncio.wait_for(probe(), timeout=CHECK_TIMEOUT_SECONDS)
    except Exception as exc:  # noqa: BLE001 - a health check reports, it never raises
        logger.warning("health_check_failed", dependency=name, error_type=type(exc).__name__)
        return "down"
    return "ok" if ok is not False else "down"


@router.get("/health", response_model=Envelope[HealthReport], responses={503: {"model": ErrorEnvelope}})
async def health(request: Request) -> JSONResponse:
    state = request.app.state

    async def postgres() -> bool:
        async with state.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        return True

    async def redis() -> bool:
        return bool(await state.redis.ping())

    async def classifier() -> bool:
        return getattr(state, "classifier", None) is not None

    probes: dict[str, Callable[[], Awaitable[Any]]] = {
        "postgres": postgres,
        "redis": redis,
        "ollama": state.ollama_probe.is_available,
        "classifier": classifier,
        **state.health_probes,
    }
    probes.setdefault("chroma", _missing)
    names = list(probes)
    results = await asyncio.gather(*(_check(name, probes[name]) for name in names))
    body, status_code = health_report(dict(zip(names, results, strict=True)), hard=HARD_DEPENDENCIES)
    return JSONResponse(body, status_code=status_code)


async def _missing() -> bool:
    return False
