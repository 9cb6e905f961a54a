"""POST /auth/password/forgot: does the answer's time tell whether an address has an account?

Times the auth service's answer (direct, signed like the gateway) for three kinds of address,
interleaved: a verified account (a reset link is issued, written to the outbox and queued), an
unverified account and an unknown address (nothing is written). Run once with the production floor
(PASSWORD_FORGOT_MIN_SECONDS=0.25) and once without it (0), to show what the floor hides.

Run: `.venv/bin/python -m benchmarks.password_forgot_timing` (boots the auth service and its mail worker).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from benchmarks._common import UNTHROTTLED, log, print_table, service_url, setup_logging, signed, write_results
from tests.mailbox import link_in
from tests.stack import LocalStack, running_stack

ROUNDS = 40
PASSWORD = "correct horse battery staple 42"  # noqa: S105 - a throwaway account of the benchmark stack
ADDRESSES = {"verified": "known@example.com", "unverified": "pending@example.com", "unknown": "nobody@example.com"}


def _expect(response: httpx.Response, status: int) -> httpx.Response:
    if response.status_code != status:
        raise RuntimeError(f"{response.request.url.path}: {response.status_code} {response.text[:300]}")
    return response


def _account(stack: LocalStack, client: httpx.Client, email: str, *, verified: bool) -> None:
    body = {"email": email, "password": PASSWORD, "name": "Bench User"}
    _expect(client.post("/api/v1/auth/register", json=body, headers=signed(stack)), 201)
    if verified:
        token = link_in(stack.mailbox.to(email, "confirm your email")).split("#token=")[1]
        _expect(client.post("/api/v1/auth/email/verify", json={"token": token}, headers=signed(stack)), 200)


def _measure(floor: float) -> dict[str, list[float]]:
    overrides = {
        **UNTHROTTLED,
        "PASSWORD_FORGOT_MIN_SECONDS": str(floor),
        "PASSWORD_FORGOT_PER_ADDRESS_PER_HOUR": "1000000",
    }
    with (
        tempfile.TemporaryDirectory() as root,
        running_stack(Path(root), only=("auth", "mail"), overrides=overrides) as stack,
        httpx.Client(base_url=service_url(stack, "auth"), timeout=30) as client,
    ):
        addresses = {
            "verified": "known@example.com",
            "unverified": "pending@example.com",
            "unknown": "nobody@example.com",
        }
        _account(stack, client, addresses["verified"], verified=True)
        _account(stack, client, addresses["unverified"], verified=False)
        times: dict[str, list[float]] = {kind: [] for kind in addresses}
        for _ in range(ROUNDS):
            for kind, email in addresses.items():
                started = time.perf_counter()
                response = client.post("/api/v1/auth/password/forgot", json={"email": email}, headers=signed(stack))
                times[kind].append((time.perf_counter() - started) * 1000)
                _expect(response, 202)
        return times


def main() -> None:
    setup_logging()
    results: dict[str, dict[str, dict[str, float]]] = {}
    rows = []
    for floor in (0.25, 0.0):
        log.info("forgot-password timing, floor %.2f s, %d rounds", floor, ROUNDS)
        times = _measure(floor)
        results[f"floor_{floor}"] = {}
        for kind, samples in times.items():
            ordered = sorted(samples)
            summary = {
                "p50_ms": statistics.median(ordered),
                "p95_ms": ordered[int(len(ordered) * 0.95) - 1],
                "min_ms": ordered[0],
                "max_ms": ordered[-1],
            }
            results[f"floor_{floor}"][kind] = summary
            rows.append([f"{floor:.2f} s", kind, *(f"{value:.1f}" for value in summary.values())])
    print_table(
        "POST /auth/password/forgot (auth service direct)",
        ["floor", "address", "p50 ms", "p95 ms", "min ms", "max ms"],
        rows,
    )
    write_results("password_forgot_timing", results)


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    main()
