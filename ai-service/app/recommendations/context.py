"""Everything the recommender needs, gathered once from app.state (and handed to other domains too)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.core.config import Settings
from app.recommendations.catalog import CatalogStore
from app.recommendations.model import SuitabilityModel, load_catalog_file


@dataclass
class Recommender:
    """Long-lived recommendation objects built in the lifespan (app.state.recommender)."""

    catalog: CatalogStore
    model: SuitabilityModel


def build_recommender(session_factory: async_sessionmaker[AsyncSession]) -> Recommender:
    return Recommender(catalog=CatalogStore(session_factory), model=SuitabilityModel.fit(load_catalog_file()))


@dataclass
class RecommendationContext:
    settings: Settings
    session_factory: async_sessionmaker[AsyncSession]
    redis: Redis
    recommender: Recommender
    breeds: Any | None  # app.breeds.BreedCatalog
    rag: Any | None  # app.rag.runtime.RagRuntime
    ollama_probe: Any  # app.clients.ollama.OllamaProbe
    llm_factory: Callable[..., Any]
    user_service: Any  # app.clients.user_service.UserServiceClient
    http: httpx.AsyncClient


def context_from_state(state: Any) -> RecommendationContext:
    return RecommendationContext(
        settings=state.settings,
        session_factory=state.session_factory,
        redis=state.redis,
        recommender=state.recommender,
        breeds=getattr(state, "breeds", None),
        rag=getattr(state, "rag", None),
        ollama_probe=state.ollama_probe,
        llm_factory=state.llm_factory,
        user_service=state.user_service,
        http=state.http,
    )
