"""The route table as FastAPI operations: they make the OpenAPI document. Requests never reach these
endpoints in practice (app/forwarding.py's ProxyMiddleware answers every route-table entry before
FastAPI routes); if one did, it would run the same proxy path."""

from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Request
from fastapi.datastructures import Default
from fastapi.responses import JSONResponse
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from app.api.routes import openapi_docs
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
            slug = route.path.removeprefix("/api/v1/").replace("/", "_").replace("{", "").replace("}", "")
            # A plain Response class keeps FastAPI from documenting an application/json success the route never sends.
            response_class = Response if (method, route.path) in openapi_docs.SUCCESS_CONTENT else Default(JSONResponse)
            router.add_api_route(
                route.path,
                endpoint,
                methods=[method],
                status_code=route.success_status(method),
                summary=route.summary,
                tags=[route.service],
                operation_id=f"{method.lower()}_{slug}",
                description=f"Forwarded to the {route.service} service. Access: {route.access.value}.",
                responses=openapi_docs.responses(route, method),
                openapi_extra=openapi_docs.openapi_extra(route, method),
                response_class=response_class,
            )
    return router
