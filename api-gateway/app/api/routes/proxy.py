"""One forwarding endpoint per route-table entry: authenticate, rate-limit, sign, stream through."""

import inspect
import json
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Path, Request
from starlette.background import BackgroundTask
from starlette.responses import Response, StreamingResponse

from app.api.deps import Caller, resolve_caller
from app.headers import downstream_headers, strip_identity_headers, upstream_headers
from app.routing import IDEMPOTENT_METHODS, MAX_JSON_BODY_BYTES, ROUTES, Access, Route, Timeout
from smartbreeds_common.errors import ApplicationError

MAX_LOGIN_BODY_BYTES = 64 * 1024


def _too_large() -> ApplicationError:
    return ApplicationError("PAYLOAD_TOO_LARGE", "The request body is too large.", status=413)


async def read_capped_body(request: Request, limit: int) -> bytes:
    """The whole body, refused with 413 as soon as it passes `limit` (before reading the rest)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large()
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large()
        chunks.append(chunk)
    return b"".join(chunks)


async def _login_email(request: Request) -> tuple[bytes, str]:
    body = await read_capped_body(request, MAX_LOGIN_BODY_BYTES)
    try:
        email = json.loads(body).get("email", "")
    except (ValueError, AttributeError):
        email = ""
    return body, str(email).strip().lower() if isinstance(email, str) else ""


async def _apply_rate_limits(request: Request, route: Route, caller: Caller) -> bytes | None:
    """Returns the body when it had to be read (login/register), else None."""
    state = request.app.state
    settings, limiter = state.settings, state.rate_limiter
    if route.login_limited:
        body, email = await _login_email(request)
        await limiter.hit("login-ip", caller.ip, settings.rate_limit_login_per_minute, fail_open=False)
        if email:
            await limiter.hit("login-email", email, settings.rate_limit_login_per_minute, fail_open=False)
        return body
    if caller.is_authenticated:
        await limiter.hit("user", caller.user_id, settings.rate_limit_user_per_minute, fail_open=True)
    else:
        await limiter.hit("anon", caller.ip, settings.rate_limit_anon_per_minute, fail_open=True)
    return None


async def forward(request: Request, route: Route) -> Response:
    state = request.app.state
    settings = state.settings
    caller = await resolve_caller(request, settings, state.redis, required=route.access is not Access.PUBLIC)
    if route.access is Access.ADMIN and caller.role != "admin":
        raise ApplicationError("FORBIDDEN", "Administrators only.", status=403)
    body = await _apply_rate_limits(request, route, caller)
    method = request.method
    content: Any = body
    if content is None:
        content = request.stream() if route.streams_body else (await read_capped_body(request, MAX_JSON_BODY_BYTES) or None)
    headers = upstream_headers(
        strip_identity_headers(request.scope["headers"], keep_cookies=route.forward_cookies),
        settings,
        user_id=caller.user_id,
        role=caller.role,
        request_id=caller.request_id,
        correlation_id=caller.correlation_id,
        ip=caller.ip,
    )
    if not route.streams_body:
        headers = [(name, value) for name, value in headers if name != "content-length"]
    timeout = settings.vision_timeout_seconds if route.timeout is Timeout.VISION else settings.upstream_timeout_seconds
    upstream = await state.upstreams.send(
        route.service,
        method,
        request.url.path,
        headers=headers,
        params=request.url.query,
        content=content,
        timeout=timeout,
        idempotent=method in IDEMPOTENT_METHODS,
    )
    response = StreamingResponse(upstream.aiter_raw(), status_code=upstream.status_code, background=BackgroundTask(upstream.aclose))
    response.raw_headers = downstream_headers(upstream.headers.raw)
    return response


def _endpoint(route: Route) -> Callable[..., Awaitable[Response]]:
    async def endpoint(request: Request, **_path_params: str) -> Response:
        return await forward(request, route)

    # Declare the path parameters so the OpenAPI document describes them.
    names = [segment[1:-1] for segment in route.path.split("/") if segment.startswith("{")]
    parameters = [inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request)]
    parameters += [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=str, default=Path(max_length=64)) for name in names]
    endpoint.__signature__ = inspect.Signature(parameters, return_annotation=Response)  # type: ignore[attr-defined]
    return endpoint


def build_router() -> APIRouter:
    router = APIRouter()
    for route in ROUTES:
        endpoint = _endpoint(route)
        for method in route.methods:
            slug = route.path.removeprefix("/api/v1/").replace("/", "_").replace("{", "").replace("}", "")
            router.add_api_route(
                route.path,
                endpoint,
                methods=[method],
                summary=route.summary,
                tags=[route.service],
                operation_id=f"{method.lower()}_{slug}",
                description=f"Forwarded to the {route.service} service. Access: {route.access.value}.",
            )
    return router
