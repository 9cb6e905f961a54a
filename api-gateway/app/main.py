"""Builds the gateway app. `uvicorn app.main:app` reads the settings from the environment."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.api.routes import account, dashboard, health, proxy
from app.clients.redis import create_redis
from app.clients.upstream import UpstreamClient, create_breakers, create_http_client
from app.core.config import Settings
from app.openapi import install_openapi
from app.path_guard import PathGuardMiddleware
from app.ratelimit import RateLimiter
from app.routing import API
from smartbreeds_common.fastapi.errors import install_exception_handlers
from smartbreeds_common.fastapi.middleware import RequestContextMiddleware
from smartbreeds_common.logging import configure_logging


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()  # type: ignore[call-arg]  # values come from the environment
    configure_logging(log_format=settings.log_format, level=settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        http = create_http_client(settings.upstream_max_connections)
        redis = create_redis(settings.redis_url)
        breakers = create_breakers(failure_threshold=settings.breaker_failure_threshold, reset_seconds=settings.breaker_reset_seconds)
        await breakers.initialize()
        app.state.redis = redis
        app.state.upstream = UpstreamClient(http=http, breakers=breakers)
        app.state.rate_limiter = RateLimiter(redis=redis, key_prefix=settings.redis_key_prefix)
        try:
            yield
        finally:
            await http.aclose()
            await redis.aclose()

    app = FastAPI(
        title="SmartBreeds API",
        version="1.0.0",
        lifespan=lifespan,
        docs_url=f"{API}/docs",
        openapi_url=f"{API}/openapi.json",
        redoc_url=None,
    )
    app.state.settings = settings
    install_exception_handlers(app)
    install_openapi(app)

    api_router = APIRouter(prefix=API)
    api_router.include_router(health.router)
    api_router.include_router(dashboard.router)
    api_router.include_router(account.router)
    app.include_router(api_router)
    app.include_router(proxy.router)  # last: its catch-all only sees paths nothing above answered

    # Added innermost first: request context (ids, access log) wraps CORS, which wraps the path guard.
    app.add_middleware(PathGuardMiddleware)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=[settings.cors_origin],
        allow_credentials=True,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
        allow_headers=["Content-Type", "X-Request-ID", "X-Correlation-ID"],
        expose_headers=["X-Request-ID", "Retry-After"],
        max_age=600,
    )
    app.add_middleware(RequestContextMiddleware)
    return app


def __getattr__(name: str) -> Any:
    # `uvicorn app.main:app` looks the app up lazily, so importing this module reads no environment.
    if name == "app":
        return create_app()
    raise AttributeError(name)
