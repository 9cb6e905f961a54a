"""The one exception handler: every error a view raises becomes the error envelope."""

from typing import Any

import structlog
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error

from smartbreeds_common.envelope import failure
from smartbreeds_common.errors import ApplicationError, default_code

logger = structlog.get_logger(__name__)

# A hard dependency that is down or restarting: a transient 503 the client may retry.
_DEPENDENCY_DOWN: tuple[type[Exception], ...] = (OperationalError, InterfaceError)
try:
    import redis.exceptions

    _DEPENDENCY_DOWN += (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
except ImportError:  # a service without Redis
    pass

_DRF_CODES = {
    exceptions.NotAuthenticated: "AUTH_REQUIRED",
    exceptions.AuthenticationFailed: "AUTH_REQUIRED",
    exceptions.PermissionDenied: "FORBIDDEN",
    exceptions.NotFound: "NOT_FOUND",
    exceptions.MethodNotAllowed: "METHOD_NOT_ALLOWED",
    exceptions.UnsupportedMediaType: "UNSUPPORTED_MEDIA_TYPE",
    exceptions.Throttled: "RATE_LIMITED",
    exceptions.ParseError: "VALIDATION_ERROR",
}


def _as_details(detail: Any) -> dict[str, Any]:
    if isinstance(detail, dict):
        return {key: value if isinstance(value, list) else [value] for key, value in detail.items()}
    if isinstance(detail, list):
        return {"non_field_errors": detail}
    return {}


def envelope_exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    if isinstance(exc, ApplicationError):
        return Response(failure(exc.code, exc.message, exc.details), status=exc.status, headers=exc.headers)
    if isinstance(exc, _DEPENDENCY_DOWN):
        logger.warning("dependency_unavailable", error_type=f"{type(exc).__module__}.{type(exc).__name__}")
        unavailable = failure("SERVICE_UNAVAILABLE", "The service is temporarily unavailable.")
        return Response(unavailable, status=503, headers={"Retry-After": "1"})
    if isinstance(exc, RequestDataTooBig):
        return Response(failure("PAYLOAD_TOO_LARGE", "The request body is too large."), status=413)
    if isinstance(exc, RecursionError):
        # Only hostile input nests deep enough to exhaust the stack (json.loads of "[[[[...").
        logger.warning("request_too_deeply_nested", view=type(context.get("view")).__name__)
        return Response(failure("VALIDATION_ERROR", "The request body is nested too deeply."), status=400)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    if isinstance(exc, exceptions.ValidationError):
        return Response(failure("VALIDATION_ERROR", "The request is invalid.", _as_details(exc.detail)), status=400)
    if isinstance(exc, exceptions.APIException):
        code = next((c for cls, c in _DRF_CODES.items() if isinstance(exc, cls)), default_code(exc.status_code))
        headers = {}
        if isinstance(exc, exceptions.Throttled):
            wait: int | None = getattr(exc, "wait", None)  # set by Throttled.__init__; missing from the DRF stubs
            if wait:
                headers["Retry-After"] = str(int(wait))
        message = exc.detail if isinstance(exc.detail, str) else str(exc.default_detail)
        return Response(failure(code, str(message)), status=exc.status_code, headers=headers)

    logger.exception("unhandled_error", view=type(context.get("view")).__name__)
    return Response(failure("INTERNAL_ERROR", "Something went wrong."), status=status.HTTP_500_INTERNAL_SERVER_ERROR)
