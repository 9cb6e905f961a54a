"""Shared pieces of the benchmarks: the machine description, wrk runs and their parsing, results.

Every benchmark boots the local stack with the cross-service harness (tests/stack.py), so it runs
beside `make dev` on free ports with its own database and Redis prefix.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import platform
import re
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx
from smartbreeds_common import identity

from tests.stack import LocalStack, running_stack

REPO = Path(__file__).resolve().parent.parent
RESULTS_DIR = REPO / "benchmarks" / "results"
WRK_DURATION_SECONDS = int(os.environ.get("BENCH_DURATION", "8"))
CONCURRENCY_LEVELS = tuple(int(c) for c in os.environ.get("BENCH_CONCURRENCY", "1,16,64").split(","))

log = logging.getLogger("bench")


def setup_logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)


def machine() -> dict[str, Any]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kib = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    return {
        "cpu_model": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
    }


_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _to_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        raise ValueError(f"unexpected wrk duration {text!r}")
    return float(match.group(1)) * _UNIT_MS[match.group(2)]


@dataclass(frozen=True)
class WrkResult:
    connections: int
    requests: int
    requests_per_second: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int


def parse_wrk(output: str, connections: int) -> WrkResult:
    """Read `wrk --latency` output (latency distribution, totals, errors)."""
    percentiles = {int(p): _to_ms(v) for p, v in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)\s*$", output, re.MULTILINE)}
    total = re.search(r"^\s+(\d+) requests in", output, re.MULTILINE)
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    if not (total and rate and {50, 90, 99} <= percentiles.keys()):
        raise ValueError(f"cannot parse wrk output:\n{output}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return WrkResult(
        connections=connections,
        requests=int(total.group(1)),
        requests_per_second=float(rate.group(1)),
        p50_ms=percentiles[50],
        p90_ms=percentiles[90],
        p99_ms=percentiles[99],
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(n) for n in socket.groups()) if socket else 0,
    )


def run_wrk(
    url: str,
    *,
    connections: int,
    headers: dict[str, str] | None = None,
    lua: str | None = None,
    duration: int = WRK_DURATION_SECONDS,
) -> WrkResult:
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed (apt-get install wrk)")
    threads = min(2, connections)
    command = [
        "wrk",
        "--latency",
        "-t",
        str(threads),
        "-c",
        str(connections),
        "-d",
        f"{duration}s",
        "--timeout",
        "10s",
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua or "")
    try:
        if lua:
            command += ["-s", script.name]
        output = subprocess.run(
            [*command, url],
            capture_output=True,
            text=True,
            check=True,
            timeout=duration + 60,
        )
    finally:
        os.unlink(script.name)
    return parse_wrk(output.stdout, connections)


def write_results(name: str, payload: dict[str, Any]) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    document = {
        "benchmark": name,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    document.update(machine=machine(), **payload)
    path.write_text(json.dumps(document, indent=2, default=_encode) + "\n")
    log.info("wrote %s", path.relative_to(REPO))
    return path


def _encode(value: Any) -> Any:
    if isinstance(value, WrkResult):
        return asdict(value)
    raise TypeError(type(value))


def print_table(title: str, header: list[str], rows: list[list[Any]]) -> None:
    cells = [
        header,
        *[[f"{c:.2f}" if isinstance(c, float) else str(c) for c in row] for row in rows],
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = [title, "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in cells[1:]]
    log.info("\n".join(lines) + "\n")


# Limits high enough that the benchmark measures the code paths, not the limiter's refusals
# (the rate-limit script still runs on every request).
UNTHROTTLED = {
    "RATE_LIMIT_ANON_PER_MINUTE": "100000000",
    "RATE_LIMIT_USER_PER_MINUTE": "100000000",
    "RATE_LIMIT_LOGIN_PER_MINUTE": "100000000",
    "LOG_LEVEL": "WARNING",
}


@contextlib.contextmanager
def booted_stack(root: Path) -> Iterator[LocalStack]:
    """The harness's stack, unthrottled: what GET /pets and login cross (no ai-service)."""
    with running_stack(root, only=("gateway", "auth", "user", "nginx"), overrides=UNTHROTTLED) as local:
        yield local


def signed(stack: LocalStack, *, user_id: str = "", role: str = "") -> dict[str, str]:
    """Headers as the gateway would forward them (fresh for MAX_CLOCK_SKEW_SECONDS)."""
    return identity.signed_headers(
        stack.env["GATEWAY_SIGNING_SECRET"],
        user_id=user_id,
        role=role,
        request_id=str(uuid.uuid4()),
    )


def service_url(stack: LocalStack, name: str) -> str:
    return f"http://127.0.0.1:{stack.ports[name]}"


def register_user(stack: LocalStack, email: str, password: str) -> tuple[dict[str, Any], str | None]:
    """Register through nginx and the gateway when it runs, else at the auth service directly.

    Returns the user and the access_token cookie (None without the gateway)."""
    body = {"email": email, "password": password, "name": "Bench User"}
    if "gateway" in stack.processes:
        response = httpx.post(
            f"{stack.base_url}/api/v1/auth/register",
            json=body,
            verify=False,
            timeout=30,
        )
        response.raise_for_status()
        return response.json()["data"]["user"], response.cookies.get("__Host-access_token")
    response = httpx.post(
        f"{service_url(stack, 'auth')}/api/v1/auth/register",
        json=body,
        headers=signed(stack),
        timeout=30,
    )
    response.raise_for_status()
    return response.json()["data"]["user"], None


def start_nginx(config: str, runtime: Path) -> subprocess.Popen[bytes]:
    runtime.mkdir(parents=True, exist_ok=True)
    prefix = "user root;\n" if os.getuid() == 0 else ""
    (runtime / "nginx.conf").write_text(prefix + config)
    return subprocess.Popen(
        ["nginx", "-p", str(runtime), "-c", "nginx.conf", "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop_process(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


def wait_for(url: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            httpx.get(url, verify=False, timeout=1)
            return
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
