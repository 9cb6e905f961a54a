"""Request context and the gateway-signature check, for every Django service.

Settings read: GATEWAY_SIGNING_SECRET (required), GATEWAY_SIGNATURE_EXEMPT_PATHS (paths such as
`/health` that answer without a signature).
"""

import time
from collections.abc import Callable

import structlog
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from smartbreeds_common import identity
from smartbreeds_common.envelope import failure
from smartbreeds_common.request_id import CORRELATION_ID_HEADER, REQUEST_ID_HEADER, accept_or_new

logger = structlog.get_logger("request")


class RequestContextMiddleware:
    """Binds the request id to logs, echoes it on the response, and writes one access log line."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = accept_or_new(request.headers.get(REQUEST_ID_HEADER))
        correlation_id = accept_or_new(request.headers.get(CORRELATION_ID_HEADER) or request_id)
        request.request_id = request_id  # type: ignore[attr-defined]
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id, correlation_id=correlation_id)
        started = time.perf_counter()
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        identity_ = getattr(request, "identity", None)
        logger.info(
            "request",
            method=request.method,
            path=request.path,
            status=response.status_code,
            user_id=identity_.user_id if identity_ else None,
            latency_ms=round((time.perf_counter() - started) * 1000, 2),
        )
        return response


class GatewaySignatureMiddleware:
    """Refuses any request that did not come through the gateway (or a trusted service)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.secret: str = settings.GATEWAY_SIGNING_SECRET
        self.exempt: frozenset[str] = frozenset(getattr(settings, "GATEWAY_SIGNATURE_EXEMPT_PATHS", ("/health",)))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path in self.exempt:
            request.identity = None  # type: ignore[attr-defined]
            return self.get_response(request)
        try:
            request.identity = identity.verify(self.secret, request.headers)  # type: ignore[attr-defined]
        except identity.IdentityError as exc:
            logger.warning("gateway_signature_refused", reason=str(exc), path=request.path)
            return JsonResponse(failure("GATEWAY_REQUIRED", "Requests must come through the API gateway."), status=401)
        structlog.contextvars.bind_contextvars(user_id=request.identity.user_id or None)  # type: ignore[attr-defined]
        return self.get_response(request)
