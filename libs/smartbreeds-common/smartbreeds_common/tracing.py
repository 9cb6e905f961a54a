"""OpenTelemetry set-up written once: a tracer provider named for the service, exporter from OTEL_*.

Every request carries a W3C trace context (so every log line and every outbound call has a trace id), but
spans are recorded only when the standard variables ask for an exporter: OTEL_TRACES_EXPORTER=otlp|console|none,
or an OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT (OTLP over HTTP/protobuf). Only then is the SDK's tracer provider
installed (which also switches on FastAPI's native request spans, and Django's through its instrumentation);
without one, the request's context is a non-recording span (smartbreeds_common.fastapi.observability), which
costs next to nothing. OTEL_SDK_DISABLED=true turns tracing off. These are the SDK's own variables, read here
and by the exporter, nowhere else.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from opentelemetry import propagate, trace
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter

_configured: dict[str, TracerProvider | bool] = {}


def _one_line(span: ReadableSpan) -> str:
    return span.to_json(indent=None) + "\n"


def exporter_from_environment() -> SpanExporter | None:
    choice = os.environ.get("OTEL_TRACES_EXPORTER", "").strip().lower()
    endpoint = os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")
    if choice == "console":  # one JSON object per line on stderr, beside (not inside) the JSON logs
        return ConsoleSpanExporter(out=sys.stderr, formatter=_one_line)
    if choice == "otlp" or (not choice and endpoint):
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        return OTLPSpanExporter()
    return None


def tracing_disabled() -> bool:
    return os.environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true"


def configure_tracing(service_name: str) -> bool:
    """Once per process: the tracer provider when spans are exported. False when tracing is disabled."""
    if tracing_disabled():
        return False
    if "done" in _configured:
        return True
    exporter = exporter_from_environment()
    if exporter is not None:
        name = os.environ.get("OTEL_SERVICE_NAME") or service_name
        provider = TracerProvider(resource=Resource.create({SERVICE_NAME: name}))
        provider.add_span_processor(BatchSpanProcessor(exporter))
        trace.set_tracer_provider(provider)
        _configured["exporting"] = provider
    _configured["done"] = True
    return True


def exporting() -> bool:
    """Whether this process exports its spans (so recording them is worth its cost)."""
    return "exporting" in _configured


def add_trace_ids(_logger: Any, _method: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    """structlog processor: the current span's trace and span ids (W3C hex) on every log line."""
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        event_dict.setdefault("trace_id", format(context.trace_id, "032x"))
        event_dict.setdefault("span_id", format(context.span_id, "016x"))
    return event_dict


def trace_headers() -> list[tuple[str, str]]:
    """W3C `traceparent` (and `tracestate`) of the current span, for a hand-built outbound request."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return list(carrier.items())
