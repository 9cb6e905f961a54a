"""Refuse (404) paths that a service might normalise into something the route table never allowed."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from app.routing import is_unsafe_path
from smartbreeds_common.fastapi.errors import error_response


class PathGuardMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raw_path = scope.get("raw_path") or scope.get("path", "").encode()
            if is_unsafe_path(raw_path.decode("latin-1")):
                await error_response(404, "NOT_FOUND", "No such endpoint.")(scope, receive, send)
                return
        await self.app(scope, receive, send)
