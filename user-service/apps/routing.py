"""One URL, several operations: route each HTTP method to its own `<Entity><Action>Api` view."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponseBase

View = Callable[..., HttpResponseBase]


def dispatch_by_method(**views: View) -> View:
    """`dispatch_by_method(get=PetListApi.as_view(), post=PetCreateApi.as_view())`.

    A method no view serves goes to the first view, whose DRF dispatch answers the 405 envelope.
    """
    handlers = {method.upper(): view for method, view in views.items()}
    if "GET" in handlers:
        handlers.setdefault("HEAD", handlers["GET"])
    fallback = next(iter(handlers.values()))

    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return handlers.get(request.method or "", fallback)(request, *args, **kwargs)

    view.csrf_exempt = True  # type: ignore[attr-defined]
    return view
