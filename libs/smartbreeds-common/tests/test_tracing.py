"""The trace context's ids reach the log processor and the outbound headers; the exporter comes from the
standard OTEL_* variables. (The FastAPI middleware that joins a caller's trace is tested in the gateway:
api-gateway/tests/api/test_observability.py; this suite runs in a Django venv.)"""

from __future__ import annotations

import pytest
from opentelemetry import context, trace
from opentelemetry.sdk.trace.export import ConsoleSpanExporter
from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags

from smartbreeds_common.tracing import add_trace_ids, exporter_from_environment, trace_headers

TRACE_ID = 0x4BF92F3577B34DA6A3CE929D0E0E4736
SPAN_ID = 0x00F067AA0BA902B7


def test_the_current_trace_reaches_logs_and_outbound_headers() -> None:
    span = NonRecordingSpan(SpanContext(TRACE_ID, SPAN_ID, False, TraceFlags(TraceFlags.SAMPLED)))
    token = context.attach(trace.set_span_in_context(span))
    try:
        line = add_trace_ids(None, "info", {"event": "request"})
        headers = dict(trace_headers())
    finally:
        context.detach(token)
    assert (line["trace_id"], line["span_id"]) == ("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7")
    assert headers["traceparent"] == "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def test_no_trace_ids_outside_a_request() -> None:
    assert "trace_id" not in add_trace_ids(None, "info", {"event": "startup"})


def test_exporter_is_off_by_default_and_chosen_by_otel_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OTEL_TRACES_EXPORTER", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)
    assert exporter_from_environment() is None
    monkeypatch.setenv("OTEL_TRACES_EXPORTER", "none")
    assert exporter_from_environment() is None
    monkeypatch.setenv("OTEL_TRACES_EXPORTER", "console")
    assert isinstance(exporter_from_environment(), ConsoleSpanExporter)
    monkeypatch.delenv("OTEL_TRACES_EXPORTER")
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")
    assert type(exporter_from_environment()).__name__ == "OTLPSpanExporter"
