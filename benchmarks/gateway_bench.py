"""Gateway overhead: the same authenticated GET /api/v1/pets along three paths, in one run.

  full       wrk -> nginx (TLS) -> api-gateway (JWT, blacklist, rate limit, signing) -> user-service
  nginx      wrk -> a benchmark-only nginx (TLS) that adds precomputed signed headers -> user-service
  direct     wrk with the signed headers -> user-service

p50/p99 latency and throughput at 1, 16 and 64 connections (BENCH_CONCURRENCY, BENCH_DURATION).
Run: `make bench` or `.venv/bin/python -m benchmarks.gateway_bench`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import httpx

from benchmarks._common import (
    CONCURRENCY_LEVELS,
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
                cookies={"access_token": cookie},
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
        run_wrk(url, connections=c, headers={"Cookie": f"access_token={cookie}"})
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


def main() -> None:
    setup_logging()
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
    write_results(
        "gateway", {"request": "GET /api/v1/pets", "pets": PETS, "paths": paths}
    )


if __name__ == "__main__":
    main()
