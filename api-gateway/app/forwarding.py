"""The proxy path: plain ASGI for every route-table entry (no FastAPI routing, dependency injection
or response classes on the hot path). Per request: path parameters checked, access cookie verified,
revocation and rate limits decided in one Redis call, client identity headers stripped and the
signed identity added, the body capped (or streamed for uploads), the upstream called with
timeouts, retries and its breaker, and the answer buffered when small (streamed when large).

FastAPI still serves everything else (OpenAPI, health, dashboard, account routes, 404/405).
"""

import json
from collections.abc import AsyncIterator
from urllib.parse import quote

import httpx
import structlog
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.callers import (
    KNOWN_ADDRESS_SCOPE,
    Caller,
    caller_ip,
    failure_buckets,
    identify,
    known_address,
    login_buckets,
    login_email,
    password_failure_buckets,
)
from app.core.config import Settings
from app.headers import downstream_headers, strip_identity_headers, upstream_headers
from app.request_checks import rate_limited, unavailable
from app.routing import IDEMPOTENT_METHODS, MAX_JSON_BODY_BYTES, ROUTE_TABLE, Access, Route, Timeout
from smartbreeds_common.errors import ApplicationError
from smartbreeds_common.fastapi.errors import error_response

logger = structlog.get_logger(__name__)

MAX_LOGIN_BODY_BYTES = 64 * 1024
# Upstream answers up to this size are read whole and sent in one piece; larger ones stream.
BUFFERED_RESPONSE_BYTES = 256 * 1024
# RFC 3986 pchar minus percent: what may stay literal in a forwarded path segment.
PATH_SAFE = "/!$&'()*+,;=:@-._~"


def _too_large() -> ApplicationError:
    return ApplicationError("PAYLOAD_TOO_LARGE", "The request body is too large.", status=413)


async def read_capped_body(receive: Receive, headers: Headers, limit: int) -> bytes:
    """The whole body, refused with 413 as soon as it passes `limit` (before reading the rest)."""
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large()
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _too_large()
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def stream_body(receive: Receive) -> AsyncIterator[bytes]:
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return
        chunk = message.get("body", b"")
        if chunk:
            yield chunk
        if not message.get("more_body", False):
            return


def upstream_path(scope: Scope) -> str:
    """The matched path, percent-encoded again for the upstream request line.

    ASGI hands over the decoded path; a decoded control character (`%01`) or space is not a valid
    request target. Re-encoding is unambiguous because `PathGuardMiddleware` already refused encoded
    slashes, backslashes, NUL and `%25`.
    """
    return quote(scope["path"], safe=PATH_SAFE)


def check_path_parameters(route: Route, parameters: dict[str, str]) -> None:
    """Path parameters are opaque ids of at most `route.max_path_parameter_length` characters."""
    limit = route.max_path_parameter_length
    too_long = {
        name: [f"Ensure this value has at most {limit} characters."]
        for name, value in parameters.items()
        if len(value) > limit
    }
    if too_long:
        raise ApplicationError("VALIDATION_ERROR", "Invalid path parameter.", status=400, details=too_long)


async def _admit(scope: Scope, receive: Receive, headers: Headers, route: Route) -> tuple[Caller, bytes | None]:
    """The caller after every check, and the body when the login limits had to read it."""
    state = scope["app"].state
    settings: Settings = state.settings
    ip = caller_ip(scope, headers, settings)
    body: bytes | None = None
    login = None
    if route.login_limited:
        body = await read_capped_body(receive, headers, MAX_LOGIN_BODY_BYTES)
        try:
            email = login_email(json.loads(body))
        except ValueError:
            email = ""  # malformed: still counted per address, and the auth service answers 400
        except RecursionError as exc:  # nested past the parser's limit: refused here, never a 500
            raise ApplicationError("VALIDATION_ERROR", "The request body is nested too deeply.", status=400) from exc
        scope["state"]["login_email"] = email
        login = login_buckets(settings, ip, email, counts_failures=route.counts_login_failures)
    required = route.access is not Access.PUBLIC
    caller = await identify(
        scope, headers, settings, state.verified_tokens, state.request_checks, ip=ip, required=required, login=login
    )
    if route.access is Access.ADMIN and caller.role != "admin":
        raise ApplicationError("FORBIDDEN", "Administrators only.", status=403)
    if route.counts_password_failures and caller.is_authenticated:
        verdict = await state.request_checks.run(None, password_failure_buckets(settings, caller.user_id, ip))
        if not verdict.available:
            raise unavailable()
        if verdict.retry_after is not None:
            raise rate_limited(verdict.retry_after)
    return caller, body


async def forward(scope: Scope, receive: Receive, send: Send, route: Route, parameters: dict[str, str]) -> None:
    check_path_parameters(route, parameters)
    headers = Headers(scope=scope)
    caller, body = await _admit(scope, receive, headers, route)
    state = scope["app"].state
    settings: Settings = state.settings
    method: str = scope["method"]
    content: bytes | AsyncIterator[bytes] | None = body
    if content is None:
        content = (
            stream_body(receive)
            if route.streams_body
            else (await read_capped_body(receive, headers, MAX_JSON_BODY_BYTES) or None)
        )
    outgoing = upstream_headers(
        strip_identity_headers(scope["headers"], keep_cookies=route.forward_cookies),
        settings,
        user_id=caller.user_id,
        role=caller.role,
        request_id=caller.request_id,
        correlation_id=caller.correlation_id,
        ip=caller.ip,
    )
    if not route.streams_body:
        outgoing = [(name, value) for name, value in outgoing if name != "content-length"]
    timeout = settings.vision_timeout_seconds if route.timeout is Timeout.VISION else settings.upstream_timeout_seconds
    upstream = await state.upstreams.send(
        route.service,
        method,
        upstream_path(scope),
        headers=outgoing,
        params=scope.get("query_string", b"").decode("latin-1"),
        content=content,
        timeout=timeout,
        idempotent=method in IDEMPOTENT_METHODS,
    )
    if route.counts_password_failures and caller.is_authenticated and upstream.status_code == 401:
        await state.request_checks.count_failures(password_failure_buckets(settings, caller.user_id, caller.ip))
    email = scope["state"].get("login_email") if route.counts_login_failures else None
    if email and upstream.status_code == 401:
        await state.request_checks.count_failures(failure_buckets(settings, caller.ip, email))
    elif email and upstream.status_code == 200 and settings.login_known_address_days:
        await state.request_checks.remember(
            KNOWN_ADDRESS_SCOPE, known_address(email, caller.ip), settings.login_known_address_days * 86400
        )
    await relay(upstream, send)


async def relay(upstream: httpx.Response, send: Send) -> None:
    """Send the upstream answer on: one piece when small and sized, else streamed as it arrives."""
    start: Message = {
        "type": "http.response.start",
        "status": upstream.status_code,
        "headers": downstream_headers(upstream.headers.raw),
    }
    try:
        declared = upstream.headers.get("content-length", "")
        if declared.isdigit() and int(declared) <= BUFFERED_RESPONSE_BYTES:
            body = b"".join([chunk async for chunk in upstream.aiter_raw()])
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        await send(start)
        async for chunk in upstream.aiter_raw():
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b""})
    finally:
        await upstream.aclose()


class ProxyMiddleware:
    """Answers every route-table entry itself; anything else goes on to FastAPI."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        found = ROUTE_TABLE.match(scope["method"], scope["path"]) if scope["type"] == "http" else None
        if found is None:
            await self.app(scope, receive, send)
            return
        scope["route_template"] = found[
            0
        ].path  # the HTTP metrics' handler label (smartbreeds_common.fastapi.observability)
        await handle(scope, receive, send, *found)


async def handle(scope: Scope, receive: Receive, send: Send, route: Route, parameters: dict[str, str]) -> None:
    """`forward`, with its refusals as the error envelope (the proxy path runs outside FastAPI's handlers)."""
    started = False

    async def tracking_send(message: Message) -> None:
        nonlocal started
        started = True
        await send(message)

    try:
        await forward(scope, receive, tracking_send, route, parameters)
    except ApplicationError as exc:
        if started:
            raise
        await error_response(exc.status, exc.code, exc.message, exc.details, exc.headers)(scope, receive, send)
    except Exception:
        logger.exception("proxy_error", path=scope["path"])
        if started:
            raise
        await error_response(500, "INTERNAL_ERROR", "Something went wrong.")(scope, receive, send)
