"""Typed dependencies: settings, clients, and the caller (cookie -> verified identity)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import redis.asyncio as aioredis
import structlog
from fastapi import Depends, Request
from redis.exceptions import RedisError

from app.client_ip import client_ip
from app.clients.redis import redis_unavailable
from app.clients.upstream import UpstreamClient
from app.core.config import Settings
from app.core.security import blacklist_key, verify_access_token
from app.ratelimit import RateLimiter
from app.routing import Access
from smartbreeds_common import identity
from smartbreeds_common.errors import ApplicationError
from smartbreeds_common.request_id import accept_or_new

logger = structlog.get_logger(__name__)

ACCESS_COOKIE = "access_token"


@dataclass(frozen=True, slots=True)
class Caller:
    user_id: str  # empty when anonymous
    role: str
    client_ip: str
    request_id: str
    correlation_id: str

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user_id)

    def signed_headers(self, secret: str) -> dict[str, str]:
        return identity.signed_headers(
            secret, user_id=self.user_id, role=self.role, request_id=self.request_id, correlation_id=self.correlation_id
        )


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_redis(request: Request) -> aioredis.Redis:
    client: aioredis.Redis = request.app.state.redis
    return client


def get_upstream(request: Request) -> UpstreamClient:
    client: UpstreamClient = request.app.state.upstream
    return client


def get_rate_limiter(request: Request) -> RateLimiter:
    limiter: RateLimiter = request.app.state.rate_limiter
    return limiter


SettingsDep = Annotated[Settings, Depends(get_settings)]
RedisDep = Annotated[aioredis.Redis, Depends(get_redis)]
UpstreamDep = Annotated[UpstreamClient, Depends(get_upstream)]
RateLimiterDep = Annotated[RateLimiter, Depends(get_rate_limiter)]


async def _verified_identity(token: str, settings: Settings, redis: aioredis.Redis) -> tuple[str, str]:
    claims = verify_access_token(token, settings)
    try:
        revoked = await redis.exists(blacklist_key(settings.redis_key_prefix, claims.jti))
    except RedisError as exc:
        # Fail closed: without the blacklist a logged-out token could pass.
        logger.error("blacklist_unavailable", error_type=type(exc).__name__)
        raise redis_unavailable() from exc
    if revoked:
        raise ApplicationError("TOKEN_REVOKED", "The session has been revoked.", status=401)
    return claims.user_id, claims.role


async def identify(request: Request, access: Access, *, settings: Settings, redis: aioredis.Redis, limiter: RateLimiter) -> Caller:
    """Who is calling, enforced for `access`, counted against the caller's rate limit."""
    token = request.cookies.get(ACCESS_COOKIE)
    user_id, role = "", ""
    if access is Access.PUBLIC:
        if token:
            try:
                user_id, role = await _verified_identity(token, settings, redis)
            except ApplicationError:
                user_id, role = "", ""  # a bad cookie on a public route: carry on anonymously
    else:
        if not token:
            raise ApplicationError("AUTH_REQUIRED", "Log in to continue.", status=401)
        user_id, role = await _verified_identity(token, settings, redis)
        if access is Access.ADMIN and role != "admin":
            raise ApplicationError("FORBIDDEN", "Administrators only.", status=403)
    request.state.user_id = user_id or None
    structlog.contextvars.bind_contextvars(user_id=user_id or None)
    caller = Caller(
        user_id=user_id,
        role=role,
        client_ip=client_ip(request, settings.trusted_proxy_networks),
        request_id=getattr(request.state, "request_id", None) or accept_or_new(None),
        correlation_id=getattr(request.state, "correlation_id", None) or accept_or_new(None),
    )
    await _count_request(caller, settings=settings, limiter=limiter)
    return caller


async def _count_request(caller: Caller, *, settings: Settings, limiter: RateLimiter) -> None:
    try:
        if caller.is_authenticated:
            await limiter.hit("user", caller.user_id, limit=settings.rate_limit_user_per_minute)
        else:
            await limiter.hit("ip", caller.client_ip, limit=settings.rate_limit_anon_per_minute)
    except RedisError as exc:
        if caller.is_authenticated:
            raise redis_unavailable() from exc
        # Anonymous traffic limit fails open (availability); login limits fail closed (app/api/routes/proxy.py).
        logger.warning("rate_limit_unavailable", error_type=type(exc).__name__)


async def current_user(request: Request, settings: SettingsDep, redis: RedisDep, limiter: RateLimiterDep) -> Caller:
    return await identify(request, Access.USER, settings=settings, redis=redis, limiter=limiter)


CurrentUser = Annotated[Caller, Depends(current_user)]
