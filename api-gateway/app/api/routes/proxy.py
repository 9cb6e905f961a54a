"""The route table as FastAPI routes, left out of the schema (the public document is assembled from
the services' own, app/openapi/). Requests never reach these endpoints in practice
(app/forwarding.py's ProxyMiddleware answers every route-table entry before FastAPI routes); if one
did, it would run the same proxy path."""

from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from app.forwarding import handle
from app.routing import ROUTES, Route


class Forwarded(Response):
    def __init__(self, route: Route, parameters: dict[str, str]) -> None:
        super().__init__()
        self.route = route
        self.parameters = parameters

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await handle(scope, receive, send, self.route, self.parameters)


def _endpoint(route: Route) -> Callable[..., Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        return Forwarded(route, dict(request.path_params))

    return endpoint


def build_router() -> APIRouter:
    router = APIRouter()
    for route in ROUTES:
        endpoint = _endpoint(route)
        for method in route.methods:
            router.add_api_route(
                route.path, endpoint, methods=[method], include_in_schema=False, response_class=Response
            )
    return router
