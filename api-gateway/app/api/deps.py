"""Typed dependencies: settings, clients and the caller, taken from app.state (built in the lifespan)."""

from typing import Annotated

from fastapi import Depends, Request
from redis.asyncio import Redis
from starlette.datastructures import Headers

from app.callers import Caller, caller_ip, identify
from app.clients.upstream import Upstreams
from app.core.config import Settings
from app.request_checks import RequestChecks

__all__ = ["Caller", "CurrentUser", "RedisDep", "SettingsDep", "UpstreamsDep", "resolve_caller"]


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_redis(request: Request) -> Redis:
    return request.app.state.redis  # type: ignore[no-any-return]


def get_upstreams(request: Request) -> Upstreams:
    return request.app.state.upstreams  # type: ignore[no-any-return]


def get_request_checks(request: Request) -> RequestChecks:
    return request.app.state.request_checks  # type: ignore[no-any-return]


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
RedisDep = Annotated[Redis, Depends(get_redis)]
UpstreamsDep = Annotated[Upstreams, Depends(get_upstreams)]
RequestChecksDep = Annotated[RequestChecks, Depends(get_request_checks)]


async def resolve_caller(request: Request, *, required: bool) -> Caller:
    """Who is calling: a valid, unrevoked access cookie (checked with the rate limit in one Redis call)."""
    state = request.app.state
    headers = Headers(scope=request.scope)
    ip = caller_ip(request.scope, headers, state.settings)
    return await identify(
        request.scope, headers, state.settings, state.verified_tokens, state.request_checks, ip=ip, required=required
    )


async def current_user(request: Request) -> Caller:
    return await resolve_caller(request, required=True)


CurrentUser = Annotated[Caller, Depends(current_user)]
