"""Metrics and traces for a Django service.

Settings read: SERVICE_NAME (the trace resource name), METRICS_COLLECTORS (dotted paths of
prometheus collectors computed at scrape time, e.g. a backlog read from the database).

HTTP RED metrics: `HttpMetricsMiddleware` (first in MIDDLEWARE) records the same series as the FastAPI
services (`http_requests_total{handler, method, status}`, `http_request_duration_seconds{handler, method}`),
with `handler` the URL pattern (`/api/v1/pets/<uuid:pet_id>`), never the raw path. (django-prometheus does
not support Django 6.1 yet: it pins Django below it.) `/metrics` is served by `metrics_view` on the
service's own port, which only the backend network reaches: the gateway never forwards it and nginx
only talks to the gateway.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.module_loading import import_string
from prometheus_client import Counter, Histogram
from prometheus_client.registry import Collector

from smartbreeds_common.metrics import CONTENT_TYPE_LATEST, HTTP_LATENCY_BUCKETS, exposition
from smartbreeds_common.tracing import configure_tracing

UNMEASURED_PATHS = frozenset({"/health", "/metrics"})
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

HTTP_REQUESTS = Counter(
    "http_requests_total", "HTTP requests by route template, method and status class.", ["handler", "method", "status"]
)
HTTP_DURATION = Histogram(
    "http_request_duration_seconds",
    "HTTP request duration by route template.",
    ["handler", "method"],
    buckets=HTTP_LATENCY_BUCKETS,
)


def route_template(request: HttpRequest) -> str:
    """The matched URL pattern; `none` for a path no pattern matches (never the raw path)."""
    match = getattr(request, "resolver_match", None)
    if match is None:  # refused by a middleware before URL resolution (e.g. no gateway signature)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return "none"
    return "/" + match.route if match.route else "none"


class HttpMetricsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path in UNMEASURED_PATHS:
            return self.get_response(request)
        started = time.perf_counter()
        response = self.get_response(request)
        handler = route_template(request)
        method = request.method if request.method in KNOWN_METHODS else "OTHER"
        HTTP_REQUESTS.labels(handler=handler, method=method, status=f"{response.status_code // 100}xx").inc()
        HTTP_DURATION.labels(handler=handler, method=method).observe(time.perf_counter() - started)
        return response


@cache
def _extra_collectors() -> tuple[Collector, ...]:
    return tuple(import_string(path)() for path in getattr(settings, "METRICS_COLLECTORS", ()))


def metrics_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse(exposition(_extra_collectors()), content_type=CONTENT_TYPE_LATEST)


def configure_django_tracing() -> None:
    """Django's OpenTelemetry middleware: the request joins the caller's traceparent (recorded when exported)."""
    if not configure_tracing(getattr(settings, "SERVICE_NAME", "django")):
        return
    from opentelemetry.instrumentation.django import DjangoInstrumentor

    instrumentor = DjangoInstrumentor()
    if not instrumentor.is_instrumented_by_opentelemetry:
        instrumentor.instrument(excluded_urls="health,metrics")
