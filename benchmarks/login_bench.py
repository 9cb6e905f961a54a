"""Login throughput against the raw argon2id verification cost (the physical limit of login).

  argon2 raw       argon2-cffi verify() of the very hash the auth service stored, 1 process and 1 per core
  login direct     wrk POST /api/v1/auth/login to the auth service with signed anonymous headers
  login full       wrk POST /api/v1/auth/login through nginx (TLS) -> gateway -> auth service

Run: `make bench` or `.venv/bin/python -m benchmarks.login_bench`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from pathlib import Path

from benchmarks._common import (
    REPO,
    WRK_DURATION_SECONDS,
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
    write_results,
)

EMAIL = "bench-login@example.com"
PASSWORD = "correct horse battery staple 42"
LOGIN_CONCURRENCY = (1, 4, 16)
LOGIN_LUA = f"""
wrk.method = "POST"
wrk.body = '{json.dumps({"email": EMAIL, "password": PASSWORD})}'
wrk.headers["Content-Type"] = "application/json"
"""


def stored_hash(stack: LocalStack) -> str:
    query = f"SELECT password_hash FROM auth_schema.users WHERE email = '{EMAIL}'"
    output = subprocess.run(
        ["psql", stack.env["DATABASE_URL"], "-tAc", query],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return output.stdout.strip()


def raw_argon2_rate(hash_: str) -> dict[str, float]:
    job = json.dumps(
        {"hash": hash_, "password": PASSWORD, "seconds": WRK_DURATION_SECONDS}
    )
    output = subprocess.run(
        [
            str(REPO / "auth-service" / ".venv" / "bin" / "python"),
            str(REPO / "benchmarks" / "argon2_verify.py"),
        ],
        input=job,
        capture_output=True,
        text=True,
        check=True,
        timeout=WRK_DURATION_SECONDS * 4 + 60,
    )
    return json.loads(output.stdout)


def main() -> None:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    setup_logging()
    with (
        tempfile.TemporaryDirectory(prefix="bench-login-") as tmp,
        booted_stack(Path(tmp) / "stack") as stack,
    ):
        register_user(stack, EMAIL, PASSWORD)
        hash_ = stored_hash(stack)
        direct_url = f"{service_url(stack, 'auth')}/api/v1/auth/login"
        paths: dict[str, list[WrkResult]] = {
            # Each run re-signs: a gateway signature stays fresh for 60 s only.
            "auth-service alone": [
                run_wrk(direct_url, connections=c, headers=signed(stack), lua=LOGIN_LUA)
                for c in LOGIN_CONCURRENCY
            ]
        }
        if "gateway" in stack.processes:
            full_url = (
                f"https://127.0.0.1:{stack.ports['nginx_https']}/api/v1/auth/login"
            )
            paths["full (nginx->gateway->auth)"] = [
                run_wrk(full_url, connections=c, lua=LOGIN_LUA)
                for c in LOGIN_CONCURRENCY
            ]
        else:
            log.warning(
                "api-gateway/app is not in this checkout: the full path is not measured"
            )
        raw = raw_argon2_rate(hash_)

    rows: list[list[object]] = [
        [f"argon2id verify, {n} process(es)", n, rate, "", "", 0]
        for n, rate in raw.items()
    ]
    rows += [
        [
            path,
            r.connections,
            r.requests_per_second,
            r.p50_ms,
            r.p99_ms,
            r.non_2xx + r.socket_errors,
        ]
        for path, results in paths.items()
        for r in results
    ]
    print_table(
        f"POST /api/v1/auth/login vs argon2id verify ({hash_.split('$')[3]})",
        ["what", "conns/procs", "per second", "p50 ms", "p99 ms", "errors"],
        rows,
    )
    write_results(
        "login",
        {
            "argon2_parameters": hash_.split("$")[3],
            "argon2_verify_per_second": raw,
            "login_paths": paths,
        },
    )


if __name__ == "__main__":
    main()
