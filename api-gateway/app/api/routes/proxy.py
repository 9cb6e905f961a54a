"""Forwarding of every route-table path to its service; anything else is 404 (or 405 on own paths)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterable

import httpx
import structlog
from fastapi import APIRouter, Request, Response
from redis.exceptions import RedisError
from starlette.background import BackgroundTask
from starlette.responses import StreamingResponse

from app.api.deps import Caller, RateLimiterDep, RedisDep, SettingsDep, UpstreamDep, identify
from app.clients.redis import redis_unavailable
from app.clients.upstream import IDEMPOTENT_METHODS
from app.core.config import Settings
from app.headers import forward_request_headers, upstream_response_headers
from app.ratelimit import RateLimiter
from app.routing import OWN_PATHS, STRICT_RATE_LIMIT_PATHS, Route, TimeoutClass, resolve
from smartbreeds_common.errors import ApplicationError

logger = structlog.get_logger(__name__)

router = APIRouter()

METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"]
MAX_PEEKED_BODY_BYTES = 64 * 1024  # login/register bodies are tiny


def _route_for(request: Request) -> Route:
    path = request.url.path
    route = resolve(path)
    if route is None:
        if path in OWN_PATHS:
            raise ApplicationError("METHOD_NOT_ALLOWED", "Method not allowed.", status=405)
        raise ApplicationError("NOT_FOUND", "No such endpoint.", status=404)
    if route.methods is not None and request.method not in route.methods:
        raise ApplicationError("METHOD_NOT_ALLOWED", "Method not allowed.", status=405, headers={"Allow": ", ".join(sorted(route.methods))})
    return route


async def _small_body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_PEEKED_BODY_BYTES:
        raise ApplicationError("PAYLOAD_TOO_LARGE", "The request body is too large.", status=413)
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_PEEKED_BODY_BYTES:
            raise ApplicationError("PAYLOAD_TOO_LARGE", "The request body is too large.", status=413)
    return body


def _email_in(body: bytes) -> str:
    try:
        payload = json.loads(body)
    except ValueError:
        return ""
    email = payload.get("email") if isinstance(payload, dict) else None
    return email.strip().lower() if isinstance(email, str) else ""


async def _limit_login(caller: Caller, body: bytes, *, settings: Settings, limiter: RateLimiter) -> None:
    """Per IP and per email on login/register; fails closed when Redis is down (brute-force guard)."""
    limit = settings.rate_limit_login_per_minute
    try:
        await limiter.hit("login:ip", caller.client_ip, limit=limit)
        email = _email_in(body)
        if email:
            await limiter.hit("login:email", hashlib.sha256(email.encode()).hexdigest(), limit=limit)
    except RedisError as exc:
        raise redis_unavailable() from exc


def _timeout(route: Route, settings: Settings) -> float:
    return settings.vision_timeout_seconds if route.timeout is TimeoutClass.VISION else settings.upstream_timeout_seconds


def stream_back(upstream_response: httpx.Response) -> Response:
    """Relay status, headers (every Set-Cookie) and the raw body chunk by chunk."""
    response = StreamingResponse(
        upstream_response.aiter_raw(), status_code=upstream_response.status_code, background=BackgroundTask(upstream_response.aclose)
    )
    response.raw_headers = [
        (name.encode("latin-1"), value.encode("latin-1"))
        for name, value in upstream_response_headers(upstream_response.headers.multi_items())
    ]
    return response


@router.api_route("/{full_path:path}", methods=METHODS, include_in_schema=False)
async def forward(request: Request, settings: SettingsDep, redis: RedisDep, limiter: RateLimiterDep, upstream: UpstreamDep) -> Response:
    route = _route_for(request)
    caller = await identify(request, route.access, settings=settings, redis=redis, limiter=limiter)
    content: bytes | AsyncIterable[bytes] | None
    if request.url.path in STRICT_RATE_LIMIT_PATHS and request.method == "POST":
        content = await _small_body(request)
        await _limit_login(caller, content, settings=settings, limiter=limiter)
    elif request.method in IDEMPOTENT_METHODS:
        content = await request.body() or None  # replayable, so the call may be retried
    else:
        content = request.stream()  # uploads go through without being buffered here
    headers = forward_request_headers(
        request.headers.items(),
        identity=caller.signed_headers(settings.gateway_signing_secret),
        client_ip=caller.client_ip,
        keep_cookie=route.service == "auth",
    )
    # The raw (still encoded) path: the path guard has refused anything that decodes differently.
    raw_path = request.scope.get("raw_path", b"").decode("latin-1") or request.url.path
    url = settings.service_url(route.service) + raw_path
    if request.url.query:
        url += "?" + request.url.query
    upstream_response = await upstream.send(
        route.service, request.method, url, headers=headers, content=content, timeout=_timeout(route, settings)
    )
    return stream_back(upstream_response)
