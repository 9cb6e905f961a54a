"""Metrics and traces for a Django service.

Settings read: SERVICE_NAME (the trace resource name), METRICS_COLLECTORS (dotted paths of
prometheus collectors computed at scrape time, e.g. a backlog read from the database).
HTTP RED metrics come from django-prometheus' middlewares (labelled by view name, never raw path);
`/metrics` is served by `metrics_view` on the service's own port, which only the backend network
reaches: the gateway never forwards it and nginx only talks to the gateway.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string
from prometheus_client.registry import Collector

from smartbreeds_common.metrics import CONTENT_TYPE_LATEST, exposition
from smartbreeds_common.tracing import configure_tracing

PROMETHEUS_BEFORE = "django_prometheus.middleware.PrometheusBeforeMiddleware"
PROMETHEUS_AFTER = "django_prometheus.middleware.PrometheusAfterMiddleware"


@cache
def _extra_collectors() -> tuple[Collector, ...]:
    return tuple(import_string(path)() for path in getattr(settings, "METRICS_COLLECTORS", ()))


def metrics_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse(exposition(_extra_collectors()), content_type=CONTENT_TYPE_LATEST)


def configure_django_tracing() -> None:
    """Tracer provider + Django's OpenTelemetry middleware (server spans joined to an incoming traceparent)."""
    if configure_tracing(getattr(settings, "SERVICE_NAME", "django")) is None:
        return
    from opentelemetry.instrumentation.django import DjangoInstrumentor

    instrumentor = DjangoInstrumentor()
    if not instrumentor.is_instrumented_by_opentelemetry:
        instrumentor.instrument(excluded_urls="health,metrics")
