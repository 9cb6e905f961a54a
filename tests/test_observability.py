"""Issue 21: metrics, alerts and traces an operator can run the platform with.

Static: promtool validates the scrape config and the rules and runs their unit tests; the Grafana
dashboards only query series the services export or the rules record.
Stack: Debian's Prometheus (scripts/monitor.sh, the `make monitor` path) scrapes the test stack while a
login, an analysis and a RAG query go through nginx, and finds the expected series with their labels;
/metrics is unreachable through nginx and the gateway's public port; one request's spans from the
gateway and a service share a trace id (spans exported as JSON lines into each service's log).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.photos import CHELSEA
from tests.stack import REPO, LocalStack, free_port

MONITORING = REPO / "monitoring"
PASSWORD = "correct horse battery 42"


def _promtool(*args: str) -> subprocess.CompletedProcess[str]:
    if shutil.which("promtool") is None:
        pytest.fail("promtool is missing: apt-get install prometheus (.ci/run installs it)")
    return subprocess.run(["promtool", *args], cwd=MONITORING, capture_output=True, text=True, timeout=120)


def test_scrape_config_and_rules_are_valid() -> None:
    config = _promtool("check", "config", "prometheus.yml")
    assert config.returncode == 0, config.stdout + config.stderr
    rules = _promtool("check", "rules", *sorted(str(p) for p in (MONITORING / "rules").glob("*.yml")))
    assert rules.returncode == 0, rules.stdout + rules.stderr


def test_alert_rules_pass_their_unit_tests() -> None:
    result = _promtool("test", "rules", *sorted(str(p) for p in (MONITORING / "tests").glob("*.yml")))
    assert result.returncode == 0, result.stdout + result.stderr


def _alert_names() -> set[str]:
    return set(re.findall(r"(?m)^\s*- alert: (\w+)", (MONITORING / "rules" / "alerts.yml").read_text()))


def test_every_alert_is_unit_tested_and_has_a_runbook() -> None:
    tested = set(re.findall(r"alertname: (\w+)", (MONITORING / "tests" / "alerts_test.yml").read_text()))
    runbook = (REPO / "docs" / "operations.md").read_text()
    assert _alert_names() - tested == set()
    assert {name for name in _alert_names() if f"#### {name}" not in runbook} == set()


# Names that smartbreeds_common's HTTP middlewares (FastAPI and Django) and Prometheus itself export.
LIBRARY_METRICS = re.compile(r"^up$")
PROMQL_WORDS = {
    "sum", "rate", "increase", "histogram_quantile", "topk", "max", "by", "and", "or", "le", "job", "service",
    "bucket", "outcome", "reason", "state", "handler", "view", "code", "breed_source", "confident", "on", "offset",
    "deriv", "queue", "task",
}  # fmt: skip


def _metric_names(expr: str) -> set[str]:
    expr = re.sub(r"\{[^}]*\}|\[[^\]]*\]|\"[^\"]*\"", " ", expr)
    return {word for word in re.findall(r"[a-zA-Z_:][a-zA-Z0-9_:]*", expr) if word not in PROMQL_WORDS}


def _exported_names() -> set[str]:
    """Metric names declared by the services' own code (Counter/Gauge/Histogram/GaugeMetricFamily)."""
    names: set[str] = set()
    for service in ("api-gateway", "auth-service", "user-service", "ai-service", "libs/smartbreeds-common"):
        for path in (REPO / service).glob("**/*.py"):
            if ".venv" in path.parts:
                continue
            names.update(re.findall(r"(?:Counter|Gauge|Histogram|GaugeMetricFamily)\(\s*\"(\w+)\"", path.read_text()))
    histograms = {f"{name}_{suffix}" for name in names for suffix in ("bucket", "count", "sum")}
    return names | histograms


def test_dashboards_and_rules_query_only_series_that_exist() -> None:
    recorded = set(re.findall(r"(?m)^\s*- record: (\S+)", (MONITORING / "rules" / "recording.yml").read_text()))
    known = _exported_names() | recorded
    used: set[str] = set()
    for path in (MONITORING / "grafana" / "dashboards").glob("*.json"):
        dashboard = json.loads(path.read_text())
        for panel in dashboard["panels"]:
            assert panel["datasource"]["uid"] == "smartbreeds-prometheus", (path.name, panel["title"])
            for target in panel["targets"]:
                used |= _metric_names(target["expr"])
    for rules in (MONITORING / "rules").glob("*.yml"):
        for expr in re.findall(
            r"(?ms)expr: \|?\n?(.*?)(?=\n\s+(?:for|labels|- record|- alert):|\Z)", rules.read_text()
        ):
            used |= _metric_names(expr)
    unknown = {name for name in used if name not in known and not LIBRARY_METRICS.match(name)}
    assert unknown == set()
    assert {"auth_logins_total", "ai_analyses_total", "ai_ollama_up", "gateway_circuit_breaker_state"} <= used


# --- on the running stack ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def prometheus(stack: LocalStack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`make monitor`'s script against the test stack (1 s scrapes); yields Prometheus' base URL."""
    port = free_port()
    env = {**stack.env, "PROMETHEUS_PORT": str(port), "SCRAPE_INTERVAL": "1s"}
    env["MONITOR_DIR"] = str(tmp_path_factory.mktemp("prometheus"))
    env["GATEWAY_METRICS_PORT"] = str(stack.ports["gateway_metrics"])
    log = open(Path(env["MONITOR_DIR"]) / "prometheus.log", "wb")  # noqa: SIM115  (closed below)
    process = subprocess.Popen([str(REPO / "scripts/monitor.sh")], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/-/ready", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None, (Path(env["MONITOR_DIR"]) / "prometheus.log").read_text()
            assert time.monotonic() < deadline, "Prometheus did not become ready"
            time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def _query(prometheus: str, promql: str) -> list[dict[str, Any]]:
    body = httpx.get(f"{prometheus}/api/v1/query", params={"query": promql}, timeout=10).json()
    assert body["status"] == "success", body
    return list(body["data"]["result"])


def _eventually(prometheus: str, promql: str, *, seconds: float = 30) -> list[dict[str, Any]]:
    deadline = time.monotonic() + seconds
    while True:
        result = _query(prometheus, promql)
        if result or time.monotonic() > deadline:
            return result
        time.sleep(1)


@pytest.fixture(scope="module")
def driven(stack: LocalStack) -> dict[str, Any]:
    """A registration, a failed and a good login, the pet list, an analysis (fake Ollama answers) and a RAG query, via nginx."""
    client = httpx.Client(base_url=stack.base_url, verify=False, timeout=90)
    email = f"obs-{uuid.uuid4().hex[:10]}@example.com"
    assert (
        client.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD, "name": "Obs"}).status_code
        == 201
    )
    assert client.post("/api/v1/auth/login", json={"email": email, "password": "wrong password 1"}).status_code == 401
    assert client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).status_code == 200
    assert client.get("/api/v1/pets").status_code == 200  # the user service too
    stack.ollama.enqueue_reply(
        json.dumps(
            {
                "breed": "Egyptian Mau", "species": "cat", "confidence": 0.9, "is_mixed": False, "parent_breeds": [],
                "traits": {"size": "medium", "energy_level": "high", "temperament": ["curious"], "coat": "short",
                           "lifespan": "12-15 years"},
                "description": "A spotted cat.",
            }
        )
    )  # fmt: skip
    analysis = client.post("/api/v1/pets/analyze", files={"image": ("cat.png", CHELSEA.read_bytes(), "image/png")})
    assert analysis.status_code == 200, analysis.text
    rag = client.post("/api/v1/rag/query", json={"question": f"What is the Quorble {uuid.uuid4().hex[:6]} syndrome?"})
    assert rag.status_code == 200, rag.text
    client.close()
    return {"analysis": analysis.json()["data"], "rag": rag.json()["data"]}


@pytest.mark.stack
def test_prometheus_scrapes_every_service(prometheus: str) -> None:
    up = _eventually(prometheus, 'up{job=~"api-gateway|auth-service|user-service|ai-service"} == 1')
    deadline = time.monotonic() + 30
    while len(up) < 4 and time.monotonic() < deadline:
        time.sleep(1)
        up = _query(prometheus, 'up{job=~"api-gateway|auth-service|user-service|ai-service"} == 1')
    assert sorted(series["metric"]["job"] for series in up) == [
        "ai-service",
        "api-gateway",
        "auth-service",
        "user-service",
    ]


@pytest.mark.stack
def test_a_login_an_analysis_and_a_rag_query_leave_their_series(prometheus: str, driven: dict[str, Any]) -> None:
    analysis = driven["analysis"]
    confident = str(analysis["is_confident"]).lower()
    answered = str(driven["rag"]["answered"]).lower()
    expected = [
        'auth_logins_total{job="auth-service", outcome="success"}',
        'auth_logins_total{job="auth-service", outcome="invalid_credentials"}',
        f'ai_analyses_total{{job="ai-service", breed_source="{analysis["breed_source"]}", confident="{confident}"}}',
        'ai_vlm_request_duration_seconds_count{job="ai-service", outcome="ok"}',
        f'ai_rag_query_duration_seconds_count{{job="ai-service", answered="{answered}"}}',
        'ai_ollama_up{job="ai-service"} == 1',
        'gateway_upstream_request_duration_seconds_count{job="api-gateway", service="ai-service", outcome="2xx"}',
        'gateway_upstream_request_duration_seconds_count{job="api-gateway", service="auth-service", outcome="4xx"}',
        'gateway_circuit_breaker_state{job="api-gateway", service="ai-service"} == 0',
        'http_requests_total{job="api-gateway", handler="/api/v1/auth/login", method="POST", status="4xx"}',
        'http_requests_total{job="ai-service", handler="/api/v1/pets/analyze", method="POST", status="2xx"}',
        'http_requests_total{job="auth-service", handler="/api/v1/auth/login", method="POST", status="2xx"}',
        'http_requests_total{job="user-service", handler="/api/v1/pets", method="GET", status="2xx"}',
        'http_request_duration_seconds_count{job="user-service", handler="/api/v1/pets", method="GET"}',
        'auth_erasure_jobs{job="auth-service", state="pending"}',
        'job:http_requests:rate5m{job="auth-service"}',
    ]
    missing = [promql for promql in expected if not _eventually(prometheus, promql)]
    assert missing == []
    assert float(_query(prometheus, "sum(ai_analyses_total)")[0]["value"][1]) >= 1
    # Bounded labels: no raw path (ids) ever becomes a label value.
    handlers = _query(prometheus, "count by (job, handler) (http_requests_total)")
    assert not [s for s in handlers if re.search(r"[0-9a-f]{8}-[0-9a-f]{4}", s["metric"].get("handler", ""))]


@pytest.mark.stack
def test_every_dashboard_panel_renders_and_the_core_ones_have_data(
    stack: LocalStack, prometheus: str, driven: dict[str, Any], tmp_path: Path
) -> None:
    """Grafana cannot run here: the dashboards' own queries, rendered to SVG from this Prometheus (kept in
    OBSERVABILITY_RENDER_DIR when set: that is how docs/images/dashboards/ was made)."""
    import os

    from monitoring.render_dashboards import render

    with httpx.Client(base_url=stack.base_url, verify=False, timeout=30) as client:  # some traffic to draw
        for number in range(30):
            client.post("/api/v1/auth/login", json={"email": f"nobody-{number}@example.com", "password": "x" * 12})
            client.get("/api/v1/breeds")
            time.sleep(0.3)
    out = Path(os.environ.get("OBSERVABILITY_RENDER_DIR") or tmp_path)
    written = render(prometheus, out, seconds=45)
    assert sorted(p.name for p in written) == ["ai-quality.svg", "identity.svg", "platform-overview.svg"]
    overview = (out / "platform-overview.svg").read_text()
    assert "Targets up" in overview and "polyline" in overview
    assert "polyline" in (out / "identity.svg").read_text() and "polyline" in (out / "ai-quality.svg").read_text()


@pytest.mark.stack
def test_metrics_are_unreachable_from_outside(stack: LocalStack, driven: dict[str, Any]) -> None:
    with httpx.Client(verify=False, timeout=10) as client:
        for url in (
            f"{stack.base_url}/metrics",
            f"{stack.base_url}/api/metrics",
            f"{stack.base_url}/api/v1/metrics",
            f"{stack.base_url}/api/v1/auth/../../metrics",
            f"{stack.gateway_url}/metrics",
            f"{stack.gateway_url}/api/v1/metrics",
        ):
            response = client.get(url)
            assert "# TYPE" not in response.text, url
        internal = client.get(f"http://127.0.0.1:{stack.ports['gateway_metrics']}/metrics")
        assert (
            internal.status_code == 200
            and "# TYPE gateway_upstream_request_duration_seconds histogram" in internal.text
        )


def _spans(stack: LocalStack, name: str) -> list[dict[str, Any]]:
    spans = []
    for line in stack.log_of(name).splitlines():
        if line.startswith("{") and '"context"' in line and '"trace_id"' in line:
            try:
                spans.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return spans


@pytest.mark.stack
def test_one_request_is_one_trace_across_the_gateway_and_the_service(stack: LocalStack) -> None:
    trace_id = uuid.uuid4().hex
    request_id = str(uuid.uuid4())
    with httpx.Client(base_url=stack.base_url, verify=False, timeout=30) as client:
        response = client.post(
            "/api/v1/auth/login",
            json={"email": f"nobody-{uuid.uuid4().hex[:6]}@example.com", "password": "not the password 1"},
            headers={"traceparent": f"00-{trace_id}-{'ab' * 8}-01", "X-Request-ID": request_id},
        )
    assert response.status_code == 401
    wanted = f"0x{trace_id}"
    deadline = time.monotonic() + 20  # spans leave in batches (every 5 s)
    while True:
        gateway = [s for s in _spans(stack, "gateway") if s["context"]["trace_id"] == wanted]
        auth = [s for s in _spans(stack, "auth") if s["context"]["trace_id"] == wanted]
        if (gateway and auth) or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert gateway and auth, "no span of this trace from the gateway and the auth service"
    assert {s["resource"]["attributes"]["service.name"] for s in gateway} == {"api-gateway"}
    assert {s["resource"]["attributes"]["service.name"] for s in auth} == {"auth-service"}
    # The auth service's server span is a child of a gateway span: the gateway propagated traceparent.
    gateway_span_ids = {s["context"]["span_id"] for s in gateway}
    assert any(s["parent_id"] in gateway_span_ids for s in auth)
    # ...and the trace id is in the services' log lines for this request.
    lines = [
        json.loads(line) for line in stack.log_of("auth").splitlines() if request_id in line and line.startswith("{")
    ]
    assert lines and all(line.get("trace_id") == trace_id for line in lines if line.get("event") == "request")
