"""Metrics on the internal port only, upstream latency and breaker state per service, rate-limit refusals
per bucket, RED metrics by route template, and the W3C traceparent sent upstream."""

import uuid

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import make_token
from tests.upstream import free_port

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def _scrape(port: int) -> Samples:
    response = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5)
    assert response.status_code == 200
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def _sum(samples: Samples, name: str, **labels: str) -> float:
    return sum(value for (n, ls), value in samples.items() if n == name and set(labels.items()) <= set(ls))


def test_metrics_are_served_on_the_metrics_port_not_the_public_one(gateway_factory) -> None:
    port = free_port()
    gateway = gateway_factory(gateway_metrics_port=port)
    for path in ("/metrics", "/api/v1/metrics", "/api/metrics"):
        assert "# TYPE" not in gateway.get(path).text
    assert "gateway_upstream_request_duration_seconds" in httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text


def test_upstream_latency_and_red_metrics_by_route_template(gateway_factory) -> None:
    port = free_port()
    gateway = gateway_factory(gateway_metrics_port=port)
    before = _scrape(port)
    pet_id = str(uuid.uuid4())
    response = gateway.get(f"/api/v1/pets/{pet_id}", cookies={"__Host-access_token": make_token()})
    assert response.status_code == 200
    after = _scrape(port)
    count = "gateway_upstream_request_duration_seconds_count"
    assert (
        _sum(after, count, service="user-service", outcome="2xx")
        == _sum(before, count, service="user-service", outcome="2xx") + 1
    )
    assert _sum(after, "gateway_circuit_breaker_state", service="user-service") == 0
    requests = "http_requests_total"
    template = {"handler": "/api/v1/pets/{pet_id}", "method": "GET", "status": "2xx"}
    assert _sum(after, requests, **template) == _sum(before, requests, **template) + 1
    assert not any(pet_id in value for _, labels in after for _, value in labels)


def test_an_open_breaker_shows_in_its_gauge(gateway_factory) -> None:
    port = free_port()
    gateway = gateway_factory(
        gateway_metrics_port=port,
        ai_service_url="http://127.0.0.1:1",
        retry_attempts=1,
        breaker_threshold=2,
        breaker_cooldown_seconds=30,
    )
    for _ in range(3):
        assert gateway.get("/api/v1/products").status_code == 503
    after = _scrape(port)
    assert _sum(after, "gateway_circuit_breaker_state", service="ai-service") == 2
    assert (
        _sum(after, "gateway_upstream_request_duration_seconds_count", service="ai-service", outcome="circuit_open")
        >= 1
    )


def test_rate_limit_refusals_are_counted_by_bucket(gateway_factory) -> None:
    port = free_port()
    gateway = gateway_factory(gateway_metrics_port=port, rate_limit_login_per_minute=1)
    before = _scrape(port)
    codes = [
        gateway.post(
            "/api/v1/auth/login", json={"email": f"{uuid.uuid4().hex}@example.com", "password": "x"}
        ).status_code
        for _ in range(2)
    ]
    assert codes == [200, 429]
    after = _scrape(port)
    refused = "gateway_rate_limit_refusals_total"
    assert _sum(after, refused, bucket="login-ip") == _sum(before, refused, bucket="login-ip") + 1
    assert _sum(after, refused) == _sum(before, refused) + 1  # one refusal, one bucket: never the address or email


def test_the_callers_trace_continues_upstream_through_the_gateways_span(gateway, upstreams) -> None:
    trace_id = uuid.uuid4().hex
    incoming = f"00-{trace_id}-{'1' * 16}-01"
    assert gateway.get("/api/v1/products", headers={"traceparent": incoming}).status_code == 200
    sent = dict(upstreams["ai"].seen[-1].headers)
    version, upstream_trace, parent, _flags = sent["traceparent"].split("-")
    assert (version, upstream_trace) == ("00", trace_id)
    assert parent != "1" * 16  # the gateway's own span, not the caller's
    assert sent["x-request-id"]


def test_a_request_without_traceparent_starts_a_trace(gateway, upstreams) -> None:
    assert gateway.get("/api/v1/products").status_code == 200
    assert len(dict(upstreams["ai"].seen[-1].headers)["traceparent"].split("-")[1]) == 32
