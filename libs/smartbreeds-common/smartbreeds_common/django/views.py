"""JSON envelopes for errors that happen outside DRF views (unknown URL, crash in middleware)."""

from typing import Any

from django.http import HttpRequest, JsonResponse

from smartbreeds_common.envelope import failure


def not_found(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return JsonResponse(failure("NOT_FOUND", "No such endpoint."), status=404)


def server_error(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    return JsonResponse(failure("INTERNAL_ERROR", "Something went wrong."), status=500)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return JsonResponse(failure("BAD_REQUEST", "The request could not be understood."), status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return JsonResponse(failure("FORBIDDEN", "Forbidden."), status=403)
