"""Every API answer says how it may be cached: `no-store` unless the answer set its own policy.

Answers carry personal data (profiles, pets, sessions, analyses), so no browser or shared cache keeps
them; a service that means otherwise says so itself (photos: `private, max-age=86400`, set by the AI
service, cached by the owner's browser only).
"""

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DEFAULT_POLICY = "no-store"


class CachePolicyMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_policy(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if "cache-control" not in headers:
                    headers["Cache-Control"] = DEFAULT_POLICY
            await send(message)

        await self.app(scope, receive, send_with_policy)
