"""Typed dependencies: long-lived objects from app.state and the caller's gateway identity."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import httpx
from fastapi import Depends, Request
from llama_index.llms.ollama import Ollama
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from smartbreeds_common.fastapi.identity import make_identity_dependency, require_admin, require_user
from smartbreeds_common.identity import Identity

from app.clients.ollama import OllamaProbe
from app.clients.user_service import UserServiceClient
from app.core.config import Settings


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
LlmFactoryDep = Annotated[Callable[..., Ollama], Depends(_state("llm_factory"))]
UserServiceDep = Annotated[UserServiceClient, Depends(_state("user_service"))]
IdentityDep = Annotated[Identity, Depends(gateway_identity)]
CurrentUser = Annotated[Identity, Depends(current_user)]
CurrentAdmin = Annotated[Identity, Depends(current_admin)]


async def get_db_session(factory: SessionFactoryDep) -> Any:
    async with factory() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_db_session)]
