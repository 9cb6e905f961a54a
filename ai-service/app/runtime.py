"""The service's long-lived objects, built once per process: by the API's lifespan (on app.state) and by
each Celery worker process (app.workers.runtime), so a task analyses, ingests and recommends with exactly
the objects a request would."""

from __future__ import annotations

from typing import Any

import httpx

from app.analysis.health import HealthAdvisor
from app.analysis.products import ProductAdvisor
from app.analysis.service import AnalysisService
from app.analysis.store import AnalysisStore
from app.breeds import load_breed_catalog
from app.clients.ollama import OllamaProbe, build_llm
from app.clients.redis import build_redis
from app.clients.user_service import UserServiceClient
from app.core.celery import create_celery_app
from app.core.config import Settings
from app.db.session import build_engine, build_session_factory
from app.jobs.store import JobStore
from app.rag.runtime import start_knowledge_base
from app.recommendations.context import build_recommender, context_from_state
from app.storage import build_photo_storage
from app.vision.classifier import load_classifier
from app.vision.service import VisionService


async def start_runtime(state: Any, settings: Settings) -> None:
    state.settings = settings
    settings.upload_dir.mkdir(parents=True, exist_ok=True)
    state.photos = build_photo_storage(settings.upload_dir)
    state.http = httpx.AsyncClient(timeout=httpx.Timeout(30.0, connect=5.0))
    state.redis = build_redis(settings)
    state.engine = build_engine(settings)
    state.session_factory = build_session_factory(state.engine)
    state.jobs = build_job_store(state.redis, settings)
    state.celery = create_celery_app(settings)
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


async def stop_runtime(state: Any) -> None:
    await state.http.aclose()
    await state.redis.aclose()
    await state.engine.dispose()


def build_job_store(redis: Any, settings: Settings) -> JobStore:
    return JobStore(redis=redis, settings=settings)


def analysis_service_from_state(state: Any) -> AnalysisService:
    """The single-analysis service (app.analysis.service) over the process's objects."""
    recommendations = context_from_state(state) if getattr(state, "recommender", None) is not None else None
    return AnalysisService(
        vision=state.vision,
        breeds=state.breeds,
        health=HealthAdvisor(
            rag=getattr(state, "rag", None), breeds=state.breeds, timeout_seconds=state.settings.rag_timeout_seconds
        ),
        products=ProductAdvisor(context=recommendations),
        user_service=state.user_service,
        store=AnalysisStore(state.session_factory),
    )
