"""Typed dependencies: long-lived objects from app.state and the caller's gateway identity."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import httpx
from fastapi import Depends, Request
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from smartbreeds_common.fastapi.identity import make_identity_dependency, require_admin, require_user
from smartbreeds_common.identity import Identity

from app.analysis.health import HealthAdvisor
from app.analysis.products import ProductAdvisor
from app.analysis.service import AnalysisService
from app.analysis.store import AnalysisStore
from app.breeds import BreedCatalog
from app.clients.ollama import OllamaProbe
from app.clients.user_service import UserServiceClient
from app.core.config import Settings
from app.recommendations.context import RecommendationContext, context_from_state
from app.storage import PhotoStorage
from app.vision.service import VisionService

if TYPE_CHECKING:  # LlamaIndex costs ~1.5 s to import: only where a model is built or called
    from llama_index.llms.ollama import Ollama


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _state(name: str) -> Callable[[Request], Any]:
    def dependency(request: Request) -> Any:
        return getattr(request.app.state, name)

    dependency.__name__ = f"get_{name}"
    return dependency


gateway_identity = make_identity_dependency(lambda request: request.app.state.settings.gateway_signing_secret)


def current_user(ident: Annotated[Identity, Depends(gateway_identity)]) -> Identity:
    return require_user(ident)


def current_admin(ident: Annotated[Identity, Depends(gateway_identity)]) -> Identity:
    return require_admin(ident)


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
HttpDep = Annotated[httpx.AsyncClient, Depends(_state("http"))]
RedisDep = Annotated[Redis, Depends(_state("redis"))]
SessionFactoryDep = Annotated[async_sessionmaker[AsyncSession], Depends(_state("session_factory"))]
OllamaProbeDep = Annotated[OllamaProbe, Depends(_state("ollama_probe"))]
LlmFactoryDep = Annotated[Callable[..., "Ollama"], Depends(_state("llm_factory"))]
UserServiceDep = Annotated[UserServiceClient, Depends(_state("user_service"))]
PhotoStorageDep = Annotated[PhotoStorage, Depends(_state("photos"))]
IdentityDep = Annotated[Identity, Depends(gateway_identity)]
CurrentUser = Annotated[Identity, Depends(current_user)]
CurrentAdmin = Annotated[Identity, Depends(current_admin)]


VisionDep = Annotated[VisionService, Depends(_state("vision"))]
BreedCatalogDep = Annotated[BreedCatalog, Depends(_state("breeds"))]


def get_recommendation_context(request: Request) -> RecommendationContext | None:
    """None while the recommender is not built (its callers degrade)."""
    state = request.app.state
    return context_from_state(state) if getattr(state, "recommender", None) is not None else None


OptionalRecommendationContextDep = Annotated[RecommendationContext | None, Depends(get_recommendation_context)]


def get_analysis_service(
    request: Request,
    settings: SettingsDep,
    vision: VisionDep,
    breeds: BreedCatalogDep,
    recommendations: OptionalRecommendationContextDep,
    user_service: UserServiceDep,
    session_factory: SessionFactoryDep,
) -> AnalysisService:
    return AnalysisService(
        vision=vision,
        breeds=breeds,
        health=HealthAdvisor(
            rag=getattr(request.app.state, "rag", None), breeds=breeds, timeout_seconds=settings.rag_timeout_seconds
        ),
        products=ProductAdvisor(context=recommendations),
        user_service=user_service,
        store=AnalysisStore(session_factory),
    )


AnalysisServiceDep = Annotated[AnalysisService, Depends(get_analysis_service)]


async def get_db_session(factory: SessionFactoryDep) -> Any:
    async with factory() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_db_session)]
