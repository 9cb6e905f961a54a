"""Metrics and traces for a FastAPI service, added last so they wrap every other middleware.

HTTP RED metrics: `HttpMetricsMiddleware`, pure ASGI on prometheus-client, the same series as the Django
services (`http_requests_total{handler, method, status}`, `http_request_duration_seconds{handler, method}`).
`handler` is the route template FastAPI matched (`scope["route"]`), or `scope["route_template"]` set by a
path that answers outside FastAPI's routing (the gateway's proxy), else `none`: never the raw path. (Measured
on the gateway: prometheus-fastapi-instrumentator cost about 10 % of its throughput, this about a third of
that; benchmarks/observability_overhead.py.)

Traces: with an exporter configured (OTEL_*), FastAPI's native OpenTelemetry support records a server span
per request (it turns itself on once the SDK's tracer provider is installed). Without one,
`TraceContextMiddleware` only joins the caller's W3C trace (or starts one) with a non-recording span: trace
ids still reach every log line and `traceparent` still goes upstream, at a small fraction of a recorded
span's cost (measured on the gateway: recorded spans cost about 13 % of its throughput).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext
from functools import cache
from types import TracebackType

from fastapi import FastAPI
from opentelemetry import context, propagate, trace
from opentelemetry.sdk.trace.id_generator import RandomIdGenerator
from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags
from prometheus_client import Counter, Histogram
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from smartbreeds_common.metrics import CONTENT_TYPE_LATEST, HTTP_LATENCY_BUCKETS, MetricsServer, exposition
from smartbreeds_common.tracing import configure_tracing, exporting

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
STATUS_CLASSES = {status: f"{status // 100}xx" for status in range(100, 600)}


# The label sets are bounded, so their children are cached: `.labels()` per request was most of the cost.
@cache
def _requests_child(handler: str, method: str, status: str) -> Counter:
    return HTTP_REQUESTS.labels(handler, method, status)


@cache
def _duration_child(handler: str, method: str) -> Histogram:
    return HTTP_DURATION.labels(handler, method)


def route_template(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None) if route is not None else scope.get("route_template")
    return path if isinstance(path, str) else "none"


class HttpMetricsMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in UNMEASURED_PATHS:
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_with_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_with_status)
        finally:
            handler = route_template(scope)
            method = scope["method"] if scope["method"] in KNOWN_METHODS else "OTHER"
            _requests_child(handler, method, STATUS_CLASSES.get(status, "5xx")).inc()
            _duration_child(handler, method).observe(time.perf_counter() - started)


_ids = RandomIdGenerator()
_TRACE_HEADERS = (b"traceparent", b"tracestate")


class TraceContextMiddleware:
    """The caller's trace (or a new one) as the current, non-recording span: ids for logs and propagation."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        carrier = {
            name.decode("latin-1"): value.decode("latin-1")
            for name, value in scope["headers"]
            if name in _TRACE_HEADERS
        }
        parent = trace.get_current_span(propagate.extract(carrier)).get_span_context() if carrier else None
        if parent is not None and parent.is_valid:
            span = SpanContext(parent.trace_id, _ids.generate_span_id(), False, parent.trace_flags, parent.trace_state)
        else:
            span = SpanContext(_ids.generate_trace_id(), _ids.generate_span_id(), False, TraceFlags(TraceFlags.DEFAULT))
        token = context.attach(trace.set_span_in_context(NonRecordingSpan(span)))
        try:
            await self.app(scope, receive, send)
        finally:
            context.detach(token)


def add_http_metrics(app: FastAPI) -> None:
    app.add_middleware(HttpMetricsMiddleware)


def add_metrics_route(app: FastAPI, extra: Iterable[Collector] = ()) -> None:
    """/metrics on the app itself: only for services the gateway never forwards that path to."""
    collectors = tuple(extra)

    async def metrics(_request: Request) -> Response:
        return Response(exposition(collectors), media_type=CONTENT_TYPE_LATEST)

    app.add_route("/metrics", metrics, include_in_schema=False)


class MetricsListener:
    """/metrics on its own port while entered (in the app's lifespan); re-enterable, one listener at a time."""

    def __init__(self, *, host: str, port: int, extra: Iterable[Collector] = ()) -> None:
        self.host, self.port, self.extra = host, port, tuple(extra)
        self._server: MetricsServer | None = None

    def __enter__(self) -> MetricsServer:
        self._server = MetricsServer(host=self.host, port=self.port, extra=self.extra).start()
        return self._server

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None


def expose_metrics(
    app: FastAPI, *, port: int | None = None, host: str = "127.0.0.1", extra: Iterable[Collector] = ()
) -> AbstractContextManager[object]:
    """The one way a FastAPI service exposes its metrics: RED metrics per route template, and the exposition.

    Without `port`, GET /metrics on the service's own port (a backend-only service the gateway never
    forwards that path to, as the Django services do). With `port` (a service whose port faces the
    public: the gateway), a listener of its own: enter the returned context in the app's lifespan.
    Either way the caller enters what it gets back (without a port, nothing happens).
    """
    add_http_metrics(app)
    if port is None:
        add_metrics_route(app, extra)
        return nullcontext()
    return MetricsListener(host=host, port=port, extra=extra)


def add_tracing(app: FastAPI, service_name: str, *, trace_httpx: bool = False) -> None:
    """Server spans (recorded only when exported); with `trace_httpx`, traceparent (and client spans) on httpx calls."""
    if not configure_tracing(service_name):
        return
    if trace_httpx:
        from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor

        instrumentor = HTTPXClientInstrumentor()
        if not instrumentor.is_instrumented_by_opentelemetry:
            instrumentor.instrument()
    if not exporting():  # exporting: FastAPI's own telemetry records the span and joins the caller's trace
        app.add_middleware(TraceContextMiddleware)
