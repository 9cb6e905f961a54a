"""One URL, several operations: route each HTTP method to its own `<Entity><Action>Api` view."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponseBase

View = Callable[..., HttpResponseBase]


def dispatch_by_method(**views: View) -> View:
    """`dispatch_by_method(get=PetListApi.as_view(), post=PetCreateApi.as_view())`.

    A method no view serves goes to the first view, whose DRF dispatch answers the 405 envelope;
    its `Allow` header is then corrected to every method this URL serves.
    """
    handlers = {method.upper(): view for method, view in views.items()}
    if "GET" in handlers:
        handlers.setdefault("HEAD", handlers["GET"])
    allow = ", ".join([*handlers, "OPTIONS"])
    fallback = next(iter(handlers.values()))

    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        handler = handlers.get(request.method or "")
        if handler is not None:
            return handler(request, *args, **kwargs)
        response = fallback(request, *args, **kwargs)
        if response.status_code == 405:
            response["Allow"] = allow
        return response

    view.csrf_exempt = True  # type: ignore[attr-defined]
    view.views_by_method = handlers  # type: ignore[attr-defined]  # read by the OpenAPI generator (openapi.py)
    return view
