"""Gateway overhead: the same authenticated GET /api/v1/pets along three paths, in one run.

  full       wrk -> nginx (TLS) -> api-gateway (JWT, blacklist, rate limit, signing) -> user-service
  nginx      wrk -> a benchmark-only nginx (TLS) that adds precomputed signed headers -> user-service
  direct     wrk with the signed headers -> user-service

p50/p99 latency and throughput at 1, 16 and 64 connections (BENCH_CONCURRENCY, BENCH_DURATION).

Then the gateway's own cost: one gateway process (1 worker) alone in front of a static upstream (an
nginx answering a fixed JSON body), wrk straight at it with a valid cookie; CPU seconds the gateway
process used (/proc/<pid>/stat) divided by the requests it answered. Every check still runs (JWT,
revocation and rate limit in Redis, header stripping and signing, body cap, timeouts, breaker).

Run: `make bench` or `.venv/bin/python -m benchmarks.gateway_bench` (`--cpu-only`: just the second part).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import os
import secrets
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from benchmarks._common import (
    CONCURRENCY_LEVELS,
    REPO,
    LocalStack,
    WrkResult,
    booted_stack,
    log,
    print_table,
    register_user,
    run_wrk,
    service_url,
    setup_logging,
    signed,
    start_nginx,
    stop_process,
    wait_for,
    write_results,
)

PETS = 5

NGINX_TO_USER = """
worker_processes 1;
pid {runtime}/nginx.pid;
error_log {runtime}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {runtime}/body;
    proxy_temp_path {runtime}/proxy;
    fastcgi_temp_path {runtime}/fastcgi;
    uwsgi_temp_path {runtime}/uwsgi;
    scgi_temp_path {runtime}/scgi;
    upstream sb_user {{ server 127.0.0.1:{user_port}; keepalive 16; }}
    server {{
        listen 127.0.0.1:{port} ssl;
        ssl_certificate {cert_dir}/server.crt;
        ssl_certificate_key {cert_dir}/server.key;
        location /api/ {{
            proxy_pass http://sb_user;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
{identity}
        }}
    }}
}}
"""


def create_pets(stack: LocalStack, user: dict[str, Any], cookie: str | None) -> None:
    for number in range(PETS):
        body = {
            "name": f"Bench pet {number}",
            "species": "dog",
            "breed": "Beagle",
            "age": 24,
            "weight": 11.5,
        }
        if cookie:
            response = httpx.post(
                f"{stack.base_url}/api/v1/pets",
                json=body,
                cookies={"__Host-access_token": cookie},
                verify=False,
                timeout=30,
            )
        else:
            headers = signed(stack, user_id=user["id"], role=user["role"])
            response = httpx.post(
                f"{service_url(stack, 'user')}/api/v1/pets",
                json=body,
                headers=headers,
                timeout=30,
            )
        response.raise_for_status()


def bench_full(stack: LocalStack, cookie: str) -> list[WrkResult]:
    url = f"https://127.0.0.1:{stack.ports['nginx_https']}/api/v1/pets"
    return [
        run_wrk(url, connections=c, headers={"Cookie": f"__Host-access_token={cookie}"})
        for c in CONCURRENCY_LEVELS
    ]


def bench_nginx_to_user(
    stack: LocalStack, user: dict[str, Any], runtime: Path
) -> list[WrkResult]:
    from tests.stack import free_port

    results = []
    for connections in CONCURRENCY_LEVELS:
        # Re-signed before each run: a signature is only fresh for 60 s.
        headers = signed(stack, user_id=user["id"], role=user["role"])
        identity = "\n".join(
            f'            proxy_set_header {name} "{value}";'
            for name, value in headers.items()
        )
        port = free_port()
        config = NGINX_TO_USER.format(
            runtime=runtime,
            port=port,
            user_port=stack.ports["user"],
            cert_dir=stack.env["CERT_DIR"],
            identity=identity,
        )
        nginx = start_nginx(config, runtime)
        try:
            wait_for(f"https://127.0.0.1:{port}/api/v1/pets")
            results.append(
                run_wrk(
                    f"https://127.0.0.1:{port}/api/v1/pets", connections=connections
                )
            )
        finally:
            stop_process(nginx)
    return results


def bench_direct(stack: LocalStack, user: dict[str, Any]) -> list[WrkResult]:
    url = f"{service_url(stack, 'user')}/api/v1/pets"
    return [
        run_wrk(
            url,
            connections=c,
            headers=signed(stack, user_id=user["id"], role=user["role"]),
        )
        for c in CONCURRENCY_LEVELS
    ]


def check_answers(stack: LocalStack, user: dict[str, Any]) -> None:
    """The measured request really lists the pets (not a 401 measured fast)."""
    headers = signed(stack, user_id=user["id"], role=user["role"])
    body = httpx.get(
        f"{service_url(stack, 'user')}/api/v1/pets", headers=headers, timeout=10
    ).json()
    if not body["success"] or len(body["data"]) != PETS:
        raise RuntimeError(f"GET /api/v1/pets did not list the {PETS} pets: {body}")


STATIC_UPSTREAM = """
worker_processes 1;
pid {runtime}/nginx.pid;
error_log {runtime}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {runtime}/body;
    proxy_temp_path {runtime}/proxy;
    fastcgi_temp_path {runtime}/fastcgi;
    uwsgi_temp_path {runtime}/uwsgi;
    scgi_temp_path {runtime}/scgi;
    keepalive_requests 100000;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            default_type application/json;
            return 200 '{body}';
        }}
    }}
}}
"""
# What the user service answers for 5 pets, in size (~1.6 KB).
STATIC_BODY = json.dumps(
    {
        "success": True,
        "data": [
            {
                "id": str(uuid.UUID(int=n)),
                "name": f"Bench pet {n}",
                "species": "dog",
                "breed": "Beagle",
                "breed_confidence": None,
                "age": 24,
                "weight": 11.5,
                "health_conditions": [],
                "image_url": None,
                "created_at": "2026-11-29T10:00:00Z",
                "updated_at": "2026-11-29T10:00:00Z",
            }
            for n in range(PETS)
        ],
        "error": None,
        "timestamp": "2026-11-29T10:00:00Z",
    }
)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def access_token(secret: str) -> str:
    """An HS256 access token as the auth service issues it (stdlib only: the root venv has no PyJWT)."""
    now = time.time()
    claims = {
        "user_id": str(uuid.uuid4()),
        "email": "bench@example.com",
        "role": "user",
        "type": "access",
        "jti": uuid.uuid4().hex,
        "sid": str(uuid.uuid4()),
        "iat": round(now, 3),
        "exp": int(now) + 3600,
        "iss": "smartbreeds-auth",
        "aud": "smartbreeds",
    }
    signing_input = (
        _b64(b'{"alg":"HS256","typ":"JWT"}') + "." + _b64(json.dumps(claims).encode())
    )
    signature = hmac.new(
        secret.encode(), signing_input.encode(), hashlib.sha256
    ).digest()
    return signing_input + "." + _b64(signature)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bench_gateway_cpu(runtime: Path) -> list[dict[str, Any]]:
    """CPU milliseconds per proxied GET /api/v1/pets of one gateway process, static upstream."""
    from tests.stack import free_port

    upstream_port, gateway_port = free_port(), free_port()
    nginx = start_nginx(
        STATIC_UPSTREAM.format(runtime=runtime, port=upstream_port, body=STATIC_BODY),
        runtime,
    )
    jwt_secret = secrets.token_urlsafe(48)
    env = {
        **os.environ,
        "ENVIRONMENT": "development",
        "LOG_LEVEL": "WARNING",
        "JWT_SECRET": jwt_secret,
        "GATEWAY_SIGNING_SECRET": secrets.token_urlsafe(48),
        "REDIS_URL": os.environ.get("E2E_REDIS_URL", "redis://127.0.0.1:6379/0"),
        "REDIS_KEY_PREFIX": f"bench:gateway-cpu:{uuid.uuid4().hex[:8]}:",
        "USER_SERVICE_URL": f"http://127.0.0.1:{upstream_port}",
        "RATE_LIMIT_USER_PER_MINUTE": "100000000",
    }
    gateway = subprocess.Popen(
        [
            str(REPO / "api-gateway/.venv/bin/uvicorn"),
            "--factory",
            "app.main:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(gateway_port),
            "--no-server-header",
            "--no-access-log",
            "--workers",
            "1",
        ],
        cwd=REPO / "api-gateway",
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    results = []
    try:
        url = f"http://127.0.0.1:{gateway_port}/api/v1/pets"
        wait_for(f"http://127.0.0.1:{gateway_port}/health", timeout=30)
        cookie = {"Cookie": f"__Host-access_token={access_token(jwt_secret)}"}
        check = httpx.get(url, headers=cookie, timeout=5)
        if check.status_code != 200 or check.json()["data"][0]["name"] != "Bench pet 0":
            raise RuntimeError(
                f"the gateway did not proxy GET /api/v1/pets: {check.status_code} {check.text[:200]}"
            )
        for connections in CONCURRENCY_LEVELS:
            before = cpu_seconds(gateway.pid)
            result = run_wrk(url, connections=connections, headers=cookie)
            used = cpu_seconds(gateway.pid) - before
            results.append(
                {
                    "connections": connections,
                    "requests": result.requests,
                    "requests_per_second": result.requests_per_second,
                    "p50_ms": result.p50_ms,
                    "p99_ms": result.p99_ms,
                    "errors": result.non_2xx + result.socket_errors,
                    "gateway_cpu_ms_per_request": round(
                        used * 1000 / max(result.requests, 1), 3
                    ),
                }
            )
    finally:
        stop_process(gateway)
        stop_process(nginx)
    return results


def print_cpu(results: list[dict[str, Any]]) -> None:
    print_table(
        "Gateway alone (1 worker) -> static upstream: CPU per proxied GET /api/v1/pets",
        ["conns", "req/s", "p50 ms", "p99 ms", "errors", "CPU ms/request"],
        [
            [
                r["connections"],
                r["requests_per_second"],
                r["p50_ms"],
                r["p99_ms"],
                r["errors"],
                r["gateway_cpu_ms_per_request"],
            ]
            for r in results
        ],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cpu-only", action="store_true", help="only the gateway's own cost (no stack boot)")
    args = parser.parse_args()
    setup_logging()
    if args.cpu_only:
        with tempfile.TemporaryDirectory(prefix="bench-gateway-cpu-") as tmp:
            print_cpu(bench_gateway_cpu(Path(tmp) / "static"))
        return
    with (
        tempfile.TemporaryDirectory(prefix="bench-gateway-") as tmp,
        booted_stack(Path(tmp) / "stack") as stack,
    ):
        user, cookie = register_user(
            stack, "bench-gateway@example.com", "correct horse battery staple 42"
        )
        create_pets(stack, user, cookie)
        check_answers(stack, user)
        paths: dict[str, list[WrkResult] | None] = {"full (nginx->gateway->user)": None}
        if cookie:
            paths["full (nginx->gateway->user)"] = bench_full(stack, cookie)
        else:
            log.warning(
                "api-gateway/app is not in this checkout: the full path is not measured"
            )
        paths["nginx->user"] = bench_nginx_to_user(
            stack, user, Path(tmp) / "nginx-user"
        )
        paths["user-service alone"] = bench_direct(stack, user)

    rows = [
        [
            path,
            r.connections,
            r.requests_per_second,
            r.p50_ms,
            r.p99_ms,
            r.non_2xx + r.socket_errors,
        ]
        for path, results in paths.items()
        for r in results or []
    ]
    print_table(
        "GET /api/v1/pets (authenticated, 5 pets), wrk --latency",
        ["path", "conns", "req/s", "p50 ms", "p99 ms", "errors"],
        rows,
    )
    with tempfile.TemporaryDirectory(prefix="bench-gateway-cpu-") as tmp:
        cpu = bench_gateway_cpu(Path(tmp) / "static")
    print_cpu(cpu)
    write_results(
        "gateway",
        {
            "request": "GET /api/v1/pets",
            "pets": PETS,
            "paths": paths,
            "gateway_alone_static_upstream": cpu,
        },
    )


if __name__ == "__main__":
    main()
