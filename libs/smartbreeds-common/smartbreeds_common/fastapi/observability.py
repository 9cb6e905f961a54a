"""Metrics and traces for a FastAPI service, added last so they wrap every other middleware.

HTTP RED metrics from prometheus-fastapi-instrumentator (labelled by route template, status class);
traces from OpenTelemetry's ASGI middleware, which joins an incoming W3C traceparent and keeps the span
current while the request-context middleware writes the access log line (so it carries the trace id).
"""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import FastAPI
from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware
from prometheus_client import CollectorRegistry
from prometheus_client.registry import Collector
from prometheus_fastapi_instrumentator import Instrumentator
from starlette.requests import Request
from starlette.responses import Response

from smartbreeds_common.metrics import CONTENT_TYPE_LATEST, HTTP_LATENCY_BUCKETS, ProcessLocal, exposition
from smartbreeds_common.tracing import configure_tracing

UNMEASURED_PATHS = ("/health", "/metrics")


def add_http_metrics(app: FastAPI) -> Collector:
    """Instruments `app`; returns the collector to serve (its own registry: two apps in one process,
    as in tests, each keep their series instead of the second silently recording nothing)."""
    registry = CollectorRegistry()
    Instrumentator(
        excluded_handlers=[f"^{path}$" for path in UNMEASURED_PATHS],
        should_group_status_codes=True,
        should_group_untemplated=True,  # unmatched paths count as handler="none", never the raw path
        registry=registry,
    ).instrument(app, latency_lowr_buckets=HTTP_LATENCY_BUCKETS)
    return ProcessLocal(registry)


def add_metrics_route(app: FastAPI, extra: Iterable[Collector] = ()) -> None:
    """/metrics on the app itself: only for services the gateway never forwards that path to."""
    collectors = tuple(extra)

    async def metrics(_request: Request) -> Response:
        return Response(exposition(collectors), media_type=CONTENT_TYPE_LATEST)

    app.add_route("/metrics", metrics, include_in_schema=False)


def add_tracing(app: FastAPI, service_name: str, *, trace_httpx: bool = False) -> None:
    """Server spans for every request; with `trace_httpx`, client spans (and traceparent) on every httpx call."""
    if configure_tracing(service_name) is None:
        return
    if trace_httpx:
        from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor

        instrumentor = HTTPXClientInstrumentor()
        if not instrumentor.is_instrumented_by_opentelemetry:
            instrumentor.instrument()
    app.add_middleware(
        OpenTelemetryMiddleware,
        excluded_urls=",".join(UNMEASURED_PATHS),
        exclude_spans=["receive", "send"],
    )
