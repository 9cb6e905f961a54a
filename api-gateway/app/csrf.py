"""CSRF defence beyond SameSite: an unsafe request (POST, PUT, PATCH, DELETE) whose Origin (else
Referer) names another origin than the platform's public one(s) is refused with 403 CSRF_FAILED.
A request with neither header (a non-browser client) passes: browsers always send Origin on
cross-origin unsafe requests."""

from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from smartbreeds_common.fastapi.errors import error_response

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def request_origin(headers: Headers) -> str | None:
    """The Origin header, else the origin part of Referer; None when the request carries neither."""
    origin = headers.get("origin")
    if origin is not None:
        return origin.strip().rstrip("/").lower()
    referer = headers.get("referer")
    if referer is None:
        return None
    parts = urlsplit(referer.strip())
    # A Referer that is not an absolute http(s) URL names no origin we trust ("" never matches).
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


class CsrfMiddleware:
    def __init__(self, app: ASGIApp, allowed_origins: frozenset[str]) -> None:
        self.app = app
        self.allowed_origins = allowed_origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in UNSAFE_METHODS:
            origin = request_origin(Headers(scope=scope))
            if origin is not None and origin not in self.allowed_origins:
                response = error_response(403, "CSRF_FAILED", "This request did not come from the SmartBreeds site.")
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
