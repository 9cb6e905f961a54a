"""Cost of the gateway's instrumentation: req/s and CPU per request with and without it (issue 21: < 5 %).

One gateway process (1 worker) in front of a static upstream (nginx answering a fixed JSON body), wrk
straight at it with a valid cookie (GET /api/v1/pets): every check runs (JWT, revocation and rate limit
in Redis, header signing, breaker). Two configurations, alternated ROUNDS times so drift on this shared
machine hits both alike; the medians are compared:

  instrumented  as deployed: Prometheus multiprocess mode (PROMETHEUS_MULTIPROC_DIR), RED metrics by
                route template, upstream latency and breaker gauges, /metrics on its own port, and an
                OpenTelemetry span per request (traceparent upstream, trace id in the logs; no exporter)
  plain         GATEWAY_METRICS_PORT=0 (no metrics) and OTEL_SDK_DISABLED=true (no tracing)

Run: `.venv/bin/python -m benchmarks.observability_overhead` (BENCH_DURATION, BENCH_CONNECTIONS=16,
BENCH_ROUNDS=3). Writes benchmarks/results/observability_overhead.json.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import tempfile
import uuid
from pathlib import Path
from typing import Any

import httpx

from benchmarks._common import (
    REPO,
    log,
    print_table,
    run_wrk,
    setup_logging,
    start_nginx,
    stop_process,
    wait_for,
    write_results,
)
from benchmarks.gateway_bench import STATIC_BODY, STATIC_UPSTREAM, access_token, cpu_seconds

CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
LIMIT_PERCENT = 5.0


def _gateway_env(jwt_secret: str, upstream_port: int, *, instrumented: bool, metrics_dir: Path) -> dict[str, str]:
    from tests.stack import free_port

    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("OTEL_", "PROMETHEUS_"))},
        "ENVIRONMENT": "development",
        "LOG_LEVEL": "WARNING",
        "JWT_SECRET": jwt_secret,
        "GATEWAY_SIGNING_SECRET": secrets.token_urlsafe(48),
        "REDIS_URL": os.environ.get("E2E_REDIS_URL", "redis://127.0.0.1:6379/0"),
        "REDIS_KEY_PREFIX": f"bench:observability:{uuid.uuid4().hex[:8]}:",
        "USER_SERVICE_URL": f"http://127.0.0.1:{upstream_port}",
        "RATE_LIMIT_USER_PER_MINUTE": "100000000",
    }
    if instrumented:
        metrics_dir.mkdir(parents=True, exist_ok=True)
        for stale in metrics_dir.glob("*.db"):
            stale.unlink()
        env.update(PROMETHEUS_MULTIPROC_DIR=str(metrics_dir), GATEWAY_METRICS_PORT=str(free_port()))
    else:
        env.update(GATEWAY_METRICS_PORT="0", OTEL_SDK_DISABLED="true")
    return env


def measure(jwt_secret: str, upstream_port: int, *, instrumented: bool, metrics_dir: Path) -> dict[str, Any]:
    from tests.stack import free_port

    port = free_port()
    env = _gateway_env(jwt_secret, upstream_port, instrumented=instrumented, metrics_dir=metrics_dir)
    command = [str(REPO / "api-gateway/.venv/bin/uvicorn"), "--factory", "app.main:create_app", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--no-server-header", "--no-access-log", "--workers", "1"]
    gateway = subprocess.Popen(  # noqa: S603 - our own uvicorn, fixed arguments
        command, cwd=REPO / "api-gateway", env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        url = f"http://127.0.0.1:{port}/api/v1/pets"
        wait_for(f"http://127.0.0.1:{port}/health", timeout=30)
        cookie = {"Cookie": f"__Host-access_token={access_token(jwt_secret)}"}
        check = httpx.get(url, headers=cookie, timeout=5)
        if check.status_code != 200:
            raise RuntimeError(f"the gateway did not proxy GET /api/v1/pets: {check.status_code} {check.text[:200]}")
        if instrumented:  # the instrumentation really ran: the request is on the metrics port
            scraped = httpx.get(f"http://127.0.0.1:{env['GATEWAY_METRICS_PORT']}/metrics", timeout=5).text
            if 'handler="/api/v1/pets"' not in scraped:
                raise RuntimeError("the instrumented gateway did not record the request")
        run_wrk(url, connections=CONNECTIONS, headers=cookie, duration=2)  # warm-up
        before = cpu_seconds(gateway.pid)
        result = run_wrk(url, connections=CONNECTIONS, headers=cookie)
        used = cpu_seconds(gateway.pid) - before
    finally:
        stop_process(gateway)
    return {
        "requests_per_second": result.requests_per_second,
        "p50_ms": result.p50_ms,
        "p99_ms": result.p99_ms,
        "errors": result.non_2xx + result.socket_errors,
        "cpu_ms_per_request": round(used * 1000 / max(result.requests, 1), 3),
    }


def main() -> None:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    setup_logging()
    from tests.stack import free_port

    runs: dict[str, list[dict[str, Any]]] = {"plain": [], "instrumented": []}
    with tempfile.TemporaryDirectory(prefix="bench-observability-") as tmp:
        runtime = Path(tmp)
        upstream_port = free_port()
        nginx = start_nginx(STATIC_UPSTREAM.format(runtime=runtime, port=upstream_port, body=STATIC_BODY), runtime)
        jwt_secret = secrets.token_urlsafe(48)
        try:
            for round_number in range(1, ROUNDS + 1):
                for name in ("plain", "instrumented"):
                    runs[name].append(
                        measure(
                            jwt_secret,
                            upstream_port,
                            instrumented=name == "instrumented",
                            metrics_dir=runtime / "metrics",
                        )
                    )
                    log.info("round %d %s: %s", round_number, name, runs[name][-1])
        finally:
            stop_process(nginx)

    summary = {
        name: {
            key: statistics.median(r[key] for r in results)
            for key in ("requests_per_second", "cpu_ms_per_request", "p50_ms", "p99_ms")
        }
        for name, results in runs.items()
    }
    plain, instrumented = summary["plain"], summary["instrumented"]
    throughput_loss = round(100 * (1 - instrumented["requests_per_second"] / plain["requests_per_second"]), 2)
    cpu_increase = round(100 * (instrumented["cpu_ms_per_request"] / plain["cpu_ms_per_request"] - 1), 2)
    print_table(
        f"Gateway (1 worker) -> static upstream, GET /api/v1/pets, {CONNECTIONS} connections, "
        f"median of {ROUNDS} rounds",
        ["configuration", "req/s", "CPU ms/request", "p50 ms", "p99 ms"],
        [
            [name, s["requests_per_second"], s["cpu_ms_per_request"], s["p50_ms"], s["p99_ms"]]
            for name, s in summary.items()
        ],
    )
    verdict = "within" if throughput_loss < LIMIT_PERCENT else "OVER"
    log.info(
        "throughput loss %s %%, CPU per request %+.2f %% (%s the %s %% budget)",
        throughput_loss,
        cpu_increase,
        verdict,
        LIMIT_PERCENT,
    )
    write_results(
        "observability_overhead",
        {
            "request": "GET /api/v1/pets",
            "connections": CONNECTIONS,
            "rounds": runs,
            "median": summary,
            "throughput_loss_percent": throughput_loss,
            "cpu_per_request_increase_percent": cpu_increase,
            "limit_percent": LIMIT_PERCENT,
        },
    )


if __name__ == "__main__":
    main()
