"""Metrics and traces: /metrics answers without a gateway signature, identity events are counted,
the erasure backlog is read at scrape time, and every log line carries the request's W3C trace id."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import pytest
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

from apps.accounts.services import SessionResult
from apps.accounts.tests.conftest import STRONG_PASSWORD, GatewayClient
from apps.erasure.services import erasure_jobs_record

pytestmark = pytest.mark.django_db


def _samples() -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = Client().get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def _value(name: str, **labels: str) -> float:
    return _samples().get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_answer_without_a_gateway_signature() -> None:
    assert "auth_erasure_jobs" in Client().get("/metrics").content.decode()


def test_logins_are_counted_by_outcome(gateway: GatewayClient, registered: SessionResult) -> None:
    ok, bad = _value("auth_logins_total", outcome="success"), _value("auth_logins_total", outcome="invalid_credentials")
    credentials: dict[str, Any] = {"email": registered.user.email, "password": STRONG_PASSWORD}
    assert gateway.request("POST", "/api/v1/auth/login", json=credentials).status_code == 200
    wrong = {**credentials, "password": "Wrong-Password-1"}
    assert gateway.request("POST", "/api/v1/auth/login", json=wrong).status_code == 401
    assert _value("auth_logins_total", outcome="success") == ok + 1
    assert _value("auth_logins_total", outcome="invalid_credentials") == bad + 1


def test_refresh_reuse_is_counted_and_revokes(gateway: GatewayClient, registered: SessionResult) -> None:
    before = _value("auth_refresh_reuse_detections_total")
    revoked = _value("auth_session_revocations_total", reason="refresh_reuse")
    cookies = {"refresh_token": registered.tokens.refresh.token}
    assert gateway.request("POST", "/api/v1/auth/refresh", cookies=cookies).status_code == 200
    assert gateway.request("POST", "/api/v1/auth/refresh", cookies=cookies).status_code == 401
    assert _value("auth_refresh_reuse_detections_total") == before + 1
    assert _value("auth_session_revocations_total", reason="refresh_reuse") == revoked + 1


def test_http_requests_are_labelled_by_route_template(gateway: GatewayClient, registered: SessionResult) -> None:
    labels = {"handler": "/api/v1/auth/login", "method": "POST", "status": "2xx"}
    before = _value("http_requests_total", **labels)
    gateway.request("POST", "/api/v1/auth/login", json={"email": registered.user.email, "password": STRONG_PASSWORD})
    assert _value("http_requests_total", **labels) == before + 1
    assert _value("http_request_duration_seconds_count", handler="/api/v1/auth/login", method="POST") >= 1


def test_erasure_backlog_is_read_from_the_outbox() -> None:
    pending = _value("auth_erasure_jobs", state="pending")
    erasure_jobs_record(user_id=uuid.uuid4())  # one job per downstream service
    assert _value("auth_erasure_jobs", state="pending") == pending + 2
    assert _value("auth_erasure_oldest_job_age_seconds") >= 0


def test_access_log_line_carries_the_incoming_trace_id(
    gateway: GatewayClient, caplog: pytest.LogCaptureFixture
) -> None:
    trace_id = uuid.uuid4().hex
    caplog.set_level(logging.INFO, logger="request")
    gateway.client.get("/health", headers={"traceparent": f"00-{trace_id}-{'1' * 16}-01"})
    response = gateway.client.post(
        "/api/v1/auth/login",
        data={"email": "nobody@example.com", "password": "x"},
        content_type="application/json",
        headers={"traceparent": f"00-{trace_id}-{'2' * 16}-01"},
    )
    assert response.status_code == 401  # refused without the gateway's signature, still traced and logged
    lines = [
        record.msg for record in caplog.records if isinstance(record.msg, dict) and record.msg["event"] == "request"
    ]
    assert lines[-1]["path"] == "/api/v1/auth/login"
    assert lines[-1]["trace_id"] == trace_id
