"""The error statuses each public operation can answer, all as the error envelope."""

from typing import Any

from app.routing import Access, Route
from smartbreeds_common.fastapi.schemas import ErrorEnvelope

ERROR_DESCRIPTIONS = {
    400: "VALIDATION_ERROR (details: field -> messages) or another 400 code",
    401: "AUTH_REQUIRED, TOKEN_INVALID, TOKEN_EXPIRED, TOKEN_REVOKED, INVALID_CREDENTIALS",
    403: "FORBIDDEN, CSRF_FAILED (an unsafe request from another origin), ACCOUNT_DISABLED (login, right password)",
    404: "NOT_FOUND or a domain code (PET_NOT_FOUND, ...)",
    409: "EMAIL_TAKEN, EMAIL_EXISTS, DOCUMENT_EXISTS, LAST_ADMIN",
    413: "PAYLOAD_TOO_LARGE, IMAGE_TOO_LARGE, FILE_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    422: "NO_PET_DETECTED",
    429: "RATE_LIMITED (with Retry-After)",
    503: "SERVICE_UNAVAILABLE or a domain code (VISION_UNAVAILABLE, ...)",
    504: "UPSTREAM_TIMEOUT",
}

# A route's own wording for an error status, where the generic one would not say what happens.
ROUTE_ERROR_DESCRIPTIONS: dict[tuple[str, str, int], str] = {
    **{
        ("POST", path, 400): "TOKEN_INVALID (unknown, used, expired or superseded link) or VALIDATION_ERROR"
        for path in ("/api/v1/auth/password/reset", "/api/v1/auth/email/verify", "/api/v1/auth/email/change/confirm")
    },
    (
        "POST",
        "/api/v1/auth/email/change",
        401,
    ): "INVALID_CREDENTIALS (wrong password; the session goes on), or a dead session's code",
    (
        "DELETE",
        "/api/v1/users/me",
        401,
    ): "INVALID_CREDENTIALS (wrong password; the session goes on), or a dead session's code",
    (
        "GET",
        "/api/v1/uploads/{name}",
        404,
    ): "UPLOAD_NOT_FOUND: no such photo, a malformed name, or a photo the caller did not upload",
}


def error_statuses(route: Route, method: str) -> list[int]:
    """The gateway's own refusals for this route plus the ones the route table lists for the service."""
    statuses = {400, 429, 503, 504}  # validation, rate limit, service down or slow
    if route.access is not Access.PUBLIC:
        statuses.add(401)
    if route.access is Access.ADMIN:
        statuses.add(403)
    if "{" in route.path:
        statuses.add(404)
    if method in ("POST", "PATCH"):
        statuses.add(413)
    statuses.update(route.errors)
    return sorted(statuses)


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for the gateway's own routes: each status as the error envelope."""
    return {status: {"model": ErrorEnvelope, "description": ERROR_DESCRIPTIONS[status]} for status in statuses}
