"""The AI service: builds the FastAPI app; the lifespan creates every long-lived client and model."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from smartbreeds_common.fastapi.errors import install_exception_handlers
from smartbreeds_common.fastapi.middleware import RequestContextMiddleware
from smartbreeds_common.fastapi.observability import add_tracing, expose_metrics
from smartbreeds_common.logging import configure_logging

from app.core.config import Settings, get_settings


def create_app(settings: Settings | None = None) -> FastAPI:
    # The routers and the runtime's builders pull in every domain package (scikit-learn, Chroma, ...):
    # imported when the app is built, so `import app.main` stays cheap (tests/test_lazy_imports.py).
    from app.api.routes import analyses as analyses_routes
    from app.api.routes import analyze as analyze_routes
    from app.api.routes import batch_analysis as batch_analysis_routes
    from app.api.routes import breeds as breeds_routes
    from app.api.routes import health
    from app.api.routes import jobs as jobs_routes
    from app.api.routes import products as products_routes
    from app.api.routes import rag as rag_routes
    from app.api.routes import recommendations as recommendations_routes
    from app.api.routes import uploads as uploads_routes
    from app.api.routes import user_data as user_data_routes
    from app.api.routes import vision as vision_routes
    from app.runtime import start_runtime, stop_runtime

    settings = settings or get_settings()
    configure_logging(log_format=settings.log_format, level=settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await start_runtime(app.state, settings)
        try:
            yield
        finally:
            await stop_runtime(app.state)

    # No trailing-slash redirects: a 307 would hand the caller this service's internal address.
    app = FastAPI(
        title="SmartBreeds AI service",
        lifespan=lifespan,
        docs_url="/docs",
        openapi_url="/openapi.json",
        redirect_slashes=False,
    )
    install_exception_handlers(app)
    app.add_middleware(RequestContextMiddleware)

    app.include_router(health.router)
    app.include_router(vision_routes.router)
    app.include_router(batch_analysis_routes.router)  # before /pets/analyze's router: the longer path
    app.include_router(analyze_routes.router)
    app.include_router(analyses_routes.router)
    app.include_router(breeds_routes.router)
    app.include_router(rag_routes.router)
    app.include_router(recommendations_routes.router)
    app.include_router(products_routes.router)
    app.include_router(jobs_routes.router)
    app.include_router(uploads_routes.router)
    app.include_router(user_data_routes.router)
    # /metrics on the service's own port (backend network only; the gateway never forwards it).
    expose_metrics(app)
    add_tracing(app, "ai-service", trace_httpx=True)  # Ollama and user-service calls carry the traceparent
    return app
