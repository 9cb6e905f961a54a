"""Typed dependencies: settings, clients and the caller, taken from app.state (built in the lifespan)."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from redis.asyncio import Redis

from app.clients.upstream import Upstreams
from app.core.config import Settings
from app.core.security import ACCESS_COOKIE, decode_access_token, ensure_not_revoked
from app.headers import client_ip
from app.ratelimit import RateLimiter
from smartbreeds_common.errors import ApplicationError


def get_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def get_redis(request: Request) -> Redis:
    return request.app.state.redis  # type: ignore[no-any-return]


def get_upstreams(request: Request) -> Upstreams:
    return request.app.state.upstreams  # type: ignore[no-any-return]


def get_rate_limiter(request: Request) -> RateLimiter:
    return request.app.state.rate_limiter  # type: ignore[no-any-return]


SettingsDep = Annotated[Settings, Depends(get_settings)]
RedisDep = Annotated[Redis, Depends(get_redis)]
UpstreamsDep = Annotated[Upstreams, Depends(get_upstreams)]
RateLimiterDep = Annotated[RateLimiter, Depends(get_rate_limiter)]


@dataclass(frozen=True, slots=True)
class Caller:
    user_id: str  # "" when anonymous
    role: str
    ip: str
    request_id: str
    correlation_id: str

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user_id)


async def resolve_caller(request: Request, settings: Settings, redis: Redis, *, required: bool) -> Caller:
    """Who is calling. A protected route needs a valid, unrevoked access cookie; a public one
    treats a bad cookie as anonymous."""
    state = request.scope.get("state", {})
    ip = client_ip(request.client.host if request.client else None, dict(request.headers), settings)
    anonymous = Caller("", "", ip, state.get("request_id", ""), state.get("correlation_id", ""))
    token = request.cookies.get(ACCESS_COOKIE)
    if not token:
        if required:
            raise ApplicationError("AUTH_REQUIRED", "Log in to continue.", status=401)
        return anonymous
    try:
        principal = decode_access_token(token, settings)
        await ensure_not_revoked(redis, settings, principal)
    except ApplicationError:
        if required:
            raise
        return anonymous
    request.scope.setdefault("state", {})["user_id"] = principal.user_id
    return Caller(principal.user_id, principal.role, ip, anonymous.request_id, anonymous.correlation_id)


async def current_user(request: Request, settings: SettingsDep, redis: RedisDep) -> Caller:
    return await resolve_caller(request, settings, redis, required=True)


CurrentUser = Annotated[Caller, Depends(current_user)]
