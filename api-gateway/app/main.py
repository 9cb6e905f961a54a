"""The gateway app: the lifespan builds the pooled HTTP clients, Redis, breakers and the request checks.

Built by `create_app` on start (`uvicorn --factory app.main:create_app`), like the AI service, so that
importing the module reads no settings.
"""

from collections.abc import AsyncIterator
from contextlib import AbstractContextManager, asynccontextmanager, nullcontext

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from redis.asyncio import Redis

from app.api.routes import account, dashboard, health, proxy
from app.cache_policy import CachePolicyMiddleware
from app.clients.upstream import Upstreams, build_clients
from app.core.config import Settings, get_settings
from app.core.security import VerifiedTokens
from app.csrf import CsrfMiddleware
from app.forwarding import ProxyMiddleware
from app.openapi import public_document
from app.path_guard import PathGuardMiddleware
from app.request_checks import RequestChecks
from smartbreeds_common.fastapi.errors import install_exception_handlers
from smartbreeds_common.fastapi.middleware import RequestContextMiddleware
from smartbreeds_common.fastapi.observability import add_tracing, expose_metrics
from smartbreeds_common.logging import configure_logging


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    # /metrics on its own internal port, never the public one (0: no metrics, benchmarks/observability_overhead.py).
    metrics: AbstractContextManager[object] = nullcontext()
    configure_logging(log_format=settings.log_format, level=settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        upstreams = Upstreams(settings, build_clients(settings))
        redis = Redis.from_url(settings.redis_url, socket_timeout=1.0, socket_connect_timeout=1.0)
        app.state.settings = settings
        app.state.redis = redis
        app.state.upstreams = upstreams
        app.state.request_checks = RequestChecks(redis, settings.redis_key_prefix)
        app.state.verified_tokens = VerifiedTokens(settings, settings.verified_token_cache_size)
        try:
            with metrics:
                yield
        finally:
            await redis.aclose()
            await upstreams.aclose()

    app = FastAPI(
        title="SmartBreeds API",
        version="1.0.0",
        docs_url="/api/v1/docs",
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
        lifespan=lifespan,
    )
    install_exception_handlers(app)
    # Added innermost first: CachePolicy -> RequestContext -> PathGuard -> CORS -> CSRF -> proxy path -> routes.
    app.add_middleware(ProxyMiddleware)
    app.add_middleware(CsrfMiddleware, allowed_origins=settings.csrf_origins)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=[settings.cors_origin],
        allow_credentials=True,
        allow_methods=["GET", "POST", "PATCH", "DELETE"],
        allow_headers=["Content-Type", "X-Request-ID"],
        expose_headers=["X-Request-ID", "Retry-After"],
    )
    app.add_middleware(PathGuardMiddleware)
    app.add_middleware(RequestContextMiddleware)
    app.add_middleware(CachePolicyMiddleware)  # outermost of these: every answer, errors included
    app.include_router(health.router)
    app.include_router(dashboard.router)
    app.include_router(account.router)
    app.include_router(proxy.build_router())
    if settings.gateway_metrics_port:
        # By route template: FastAPI's, or the proxy path's (forwarding.py).
        metrics = expose_metrics(app, port=settings.gateway_metrics_port, host=settings.gateway_metrics_host)
    add_tracing(app, "api-gateway")  # outermost: the span covers every check; traceparent goes upstream (headers.py)
    app.openapi = public_document  # type: ignore[method-assign]  # assembled by `make contract`, not from these routes
    return app
