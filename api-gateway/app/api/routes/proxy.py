"""One forwarding endpoint per route-table entry: authenticate, rate-limit, sign, stream through."""

import json
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.datastructures import Default
from fastapi.responses import JSONResponse
from starlette.background import BackgroundTask
from starlette.responses import Response, StreamingResponse

from app.api.deps import Caller, resolve_caller
from app.api.routes import openapi_docs
from app.headers import downstream_headers, strip_identity_headers, upstream_headers
from app.routing import IDEMPOTENT_METHODS, MAX_JSON_BODY_BYTES, ROUTES, Access, Route, Timeout
from smartbreeds_common.errors import ApplicationError

MAX_LOGIN_BODY_BYTES = 64 * 1024
# RFC 3986 pchar minus percent: what may stay literal in a forwarded path segment.
PATH_SAFE = "/!$&'()*+,;=:@-._~"


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
    email = email.strip().lower() if isinstance(email, str) else ""
    if not email.isascii() and not _is_utf8(email):
        # A lone surrogate ("\ud800" in the JSON) cannot key a rate-limit bucket (it was a 500); the
        # auth service refuses such an address with a 400, and the per-IP limit still counts it.
        email = ""
    return body, email


def _is_utf8(text: str) -> bool:
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


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
        upstream_path(request),
        headers=headers,
        params=request.url.query,
        content=content,
        timeout=timeout,
        idempotent=method in IDEMPOTENT_METHODS,
    )
    response = StreamingResponse(upstream.aiter_raw(), status_code=upstream.status_code, background=BackgroundTask(upstream.aclose))
    response.raw_headers = downstream_headers(upstream.headers.raw)
    return response


def upstream_path(request: Request) -> str:
    """The matched path, percent-encoded again for the upstream request line.

    Starlette hands over the decoded path; a decoded control character (`%01`) or space is not a
    valid request target, so httpx refused to send it (500). Re-encoding is unambiguous because
    `PathGuardMiddleware` already refused encoded slashes, backslashes, NUL and `%25`.
    """
    # scope["path"], not request.url.path: the URL parser drops tab, CR and LF (so `/rag/documents/%0A`
    # matched the one-document route but went out as `/rag/documents/`, which the service redirected).
    return quote(request.scope["path"], safe=PATH_SAFE)


def check_path_parameters(request: Request, route: Route) -> None:
    """Path parameters are opaque ids of at most `route.max_path_parameter_length` characters (checked
    here rather than by FastAPI, whose 422 `HTTPValidationError` would otherwise appear in the OpenAPI document)."""
    limit = route.max_path_parameter_length
    too_long = {
        name: [f"Ensure this value has at most {limit} characters."] for name, value in request.path_params.items() if len(value) > limit
    }
    if too_long:
        raise ApplicationError("VALIDATION_ERROR", "Invalid path parameter.", status=400, details=too_long)


def _endpoint(route: Route) -> Callable[..., Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        check_path_parameters(request, route)
        return await forward(request, route)

    return endpoint


def build_router() -> APIRouter:
    router = APIRouter()
    for route in ROUTES:
        endpoint = _endpoint(route)
        for method in route.methods:
            slug = route.path.removeprefix("/api/v1/").replace("/", "_").replace("{", "").replace("}", "")
            # A plain Response class keeps FastAPI from documenting an application/json success the route never sends.
            response_class = Response if (method, route.path) in openapi_docs.SUCCESS_CONTENT else Default(JSONResponse)
            router.add_api_route(
                route.path,
                endpoint,
                methods=[method],
                status_code=route.success_status(method),
                summary=route.summary,
                tags=[route.service],
                operation_id=f"{method.lower()}_{slug}",
                description=f"Forwarded to the {route.service} service. Access: {route.access.value}.",
                responses=openapi_docs.responses(route, method),
                openapi_extra=openapi_docs.openapi_extra(route, method),
                response_class=response_class,
            )
    return router
