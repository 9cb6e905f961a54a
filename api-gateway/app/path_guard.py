"""Refuse request targets whose encoding could change meaning between the gateway and a service.

Starlette routes on the percent-decoded path, and the proxy forwards that decoded path. An encoded
slash (`%2f`), backslash (`\\` or `%5c`), NUL (`%00`) or a double encoding (`%25`) in the raw
target would reach a service as a different path from the one the gateway matched (or one it would
read differently again). No public route needs any of them, so they are refused with the same 404
envelope as an unknown route, before routing, authentication or forwarding.
"""

import re

from starlette.types import ASGIApp, Receive, Scope, Send

from smartbreeds_common.fastapi.errors import error_response

AMBIGUOUS_PATH = re.compile(rb"\\|%(?:2f|5c|00|25)", re.IGNORECASE)


def is_ambiguous(raw_path: bytes) -> bool:
    return AMBIGUOUS_PATH.search(raw_path) is not None


class PathGuardMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and is_ambiguous(scope.get("raw_path") or scope["path"].encode()):
            response = error_response(404, "NOT_FOUND", "No such endpoint.")
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
