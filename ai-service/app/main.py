"""The AI service: builds the FastAPI app; the lifespan creates every long-lived client and model."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

from smartbreeds_common.fastapi.errors import install_exception_handlers
from smartbreeds_common.fastapi.middleware import RequestContextMiddleware
from smartbreeds_common.fastapi.observability import add_tracing, expose_metrics
from smartbreeds_common.logging import configure_logging

from app.core.config import Settings, get_settings


def create_app(settings: Settings | None = None) -> FastAPI:
    # The routers and the lifespan's builders pull in every domain package (scikit-learn, Chroma, ...):
    # imported when the app is built, so `import app.main` stays cheap (tests/test_lazy_imports.py).
    from app.api.routes import analyses as analyses_routes
    from app.api.routes import analyze as analyze_routes
    from app.api.routes import breeds as breeds_routes
    from app.api.routes import health
    from app.api.routes import jobs as jobs_routes
    from app.api.routes import products as products_routes
    from app.api.routes import rag as rag_routes
    from app.api.routes import recommendations as recommendations_routes
    from app.api.routes import uploads as uploads_routes
    from app.api.routes import user_data as user_data_routes
    from app.api.routes import vision as vision_routes
    from app.breeds import load_breed_catalog
    from app.clients.ollama import OllamaProbe, build_llm
    from app.clients.redis import build_redis
    from app.clients.user_service import UserServiceClient
    from app.db.session import build_engine, build_session_factory
    from app.rag.runtime import start_knowledge_base
    from app.recommendations.context import build_recommender
    from app.storage import build_photo_storage
    from app.vision.classifier import load_classifier
    from app.vision.service import VisionService

    settings = settings or get_settings()
    configure_logging(log_format=settings.log_format, level=settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = app.state
        state.settings = settings
        settings.upload_dir.mkdir(parents=True, exist_ok=True)
        state.photos = build_photo_storage(settings.upload_dir)
        state.http = httpx.AsyncClient(timeout=httpx.Timeout(30.0, connect=5.0))
        state.redis = build_redis(settings)
        state.engine = build_engine(settings)
        state.session_factory = build_session_factory(state.engine)
        state.ollama_probe = OllamaProbe(
            state.http,
            base_url=settings.ollama_base_url,
            timeout=settings.ollama_probe_timeout_seconds,
            ttl=settings.ollama_probe_ttl_seconds,
        )
        state.llm_factory = lambda timeout=None: build_llm(settings, timeout=timeout)
        state.user_service = UserServiceClient(
            state.http,
            base_url=settings.user_service_url,
            signing_secret=settings.gateway_signing_secret,
            timeout=settings.user_service_timeout_seconds,
        )
        # name -> async () -> bool; domains register their own dependency checks (e.g. "chroma").
        state.health_probes = {}
        state.breeds = load_breed_catalog()
        state.classifier = await load_classifier(settings)  # None if it cannot load: vision then needs Ollama
        state.vision = VisionService(
            settings=settings,
            classifier=state.classifier,
            breeds=state.breeds,
            redis=state.redis,
            probe=state.ollama_probe,
            llm_factory=state.llm_factory,
        )
        state.rag = await start_knowledge_base(state, settings)
        state.recommender = build_recommender(state.session_factory)
        state.recommendation_jobs = set()  # running batch jobs (asyncio tasks), referenced until done
        try:
            yield
        finally:
            for task in list(state.recommendation_jobs):
                task.cancel()
            await state.http.aclose()
            await state.redis.aclose()
            await state.engine.dispose()

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
