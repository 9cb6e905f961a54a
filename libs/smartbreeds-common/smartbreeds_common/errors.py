"""Domain errors: raised by service code, turned into the envelope by one handler per framework."""

from __future__ import annotations

from typing import Any

# Stable codes for HTTP statuses that have no more specific domain code.
DEFAULT_CODES: dict[int, str] = {
    400: "VALIDATION_ERROR",
    401: "AUTH_REQUIRED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    422: "UNPROCESSABLE_ENTITY",
    429: "RATE_LIMITED",
    500: "INTERNAL_ERROR",
    502: "BAD_GATEWAY",
    503: "SERVICE_UNAVAILABLE",
    504: "UPSTREAM_TIMEOUT",
}


def default_code(status: int) -> str:
    return DEFAULT_CODES.get(status, "INTERNAL_ERROR" if status >= 500 else "BAD_REQUEST")


class ApplicationError(Exception):
    """An expected failure with a stable code, an HTTP status and a human message."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        status: int = 400,
        details: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.details = details or {}
        self.headers = headers or {}
