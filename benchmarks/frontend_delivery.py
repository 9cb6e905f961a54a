"""First-visit delivery of the web app: bytes on the wire and first contentful paint in Chromium.

Renders nginx/nginx.conf.template (scripts/render-nginx.sh) into a temporary directory, serves
frontend/dist over HTTPS with no API behind it (the gateway port is closed: /api answers nginx's 503
envelope, which the app shows as "could not reach"), loads a page in a fresh Debian Chromium context
RUNS times and prints the median transfer size (compressed bytes, headers included) per resource
type and the median first contentful paint.

    .venv/bin/python benchmarks/frontend_delivery.py [--path /login] [--runs 5] [--throttle]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
LAUNCH = {
    "executable_path": "/usr/bin/chromium",
    "args": [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
    ],
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_nginx(runtime: Path) -> tuple[subprocess.Popen[bytes], int]:
    https_port = free_port()
    env = {
        **os.environ,
        "NGINX_HTTPS_PORT": str(https_port),
        "NGINX_HTTP_PORT": str(free_port()),
        "GATEWAY_PORT": str(free_port()),
        "FRONTEND_DIST": str(REPO / "frontend" / "dist"),
    }
    conf = subprocess.run(
        [str(REPO / "scripts" / "render-nginx.sh"), str(runtime)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    process = subprocess.Popen(
        ["nginx", "-p", str(runtime), "-c", conf, "-g", "daemon off;"]
    )
    for _ in range(100):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", https_port)) == 0:
                return process, https_port
        time.sleep(0.05)
    process.terminate()
    raise RuntimeError("nginx did not start")


def measure(
    url: str, runs: int, throttle: bool
) -> tuple[dict[str, float], float, float]:
    totals: dict[str, list[int]] = {}
    fcps: list[float] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**LAUNCH)
        for _ in range(runs):
            context = browser.new_context(ignore_https_errors=True)
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            if throttle:
                # A mid-range mobile link: 40 ms round trip, 10 Mbit/s down, 2 Mbit/s up.
                cdp.send(
                    "Network.emulateNetworkConditions",
                    {
                        "offline": False,
                        "latency": 40,
                        "downloadThroughput": 1_250_000,
                        "uploadThroughput": 250_000,
                    },
                )
            kinds: dict[str, str] = {}
            sizes: dict[str, int] = {}
            cdp.on(
                "Network.responseReceived",
                lambda e, kinds=kinds: kinds.__setitem__(e["requestId"], e["type"]),
            )
            cdp.on(
                "Network.loadingFinished",
                lambda e, sizes=sizes: sizes.__setitem__(
                    e["requestId"], int(e["encodedDataLength"])
                ),
            )
            page.goto(url, wait_until="networkidle")
            fcp = page.evaluate(
                "() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1"
            )
            fcps.append(float(fcp))
            per_kind: dict[str, int] = {}
            for request_id, size in sizes.items():
                kind = kinds.get(request_id, "Other")
                per_kind[kind] = per_kind.get(kind, 0) + size
            for kind, size in per_kind.items():
                totals.setdefault(kind, []).append(size)
            totals.setdefault("total", []).append(sum(sizes.values()))
            context.close()
        browser.close()
    return (
        {kind: statistics.median(values) for kind, values in totals.items()},
        statistics.median(fcps),
        max(fcps),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--path", default="/login")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--throttle", action="store_true", help="40 ms RTT, 10 Mbit/s down"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sb-delivery-") as runtime:
        process, port = start_nginx(Path(runtime))
        try:
            sizes, fcp, fcp_max = measure(
                f"https://127.0.0.1:{port}{args.path}", args.runs, args.throttle
            )
        finally:
            process.terminate()
            process.wait(timeout=10)
    for kind, size in sorted(sizes.items()):
        print(f"{kind:>12}: {size / 1024:8.1f} KiB on the wire")
    print(
        f"first contentful paint: median {fcp:.0f} ms, max {fcp_max:.0f} ms over {args.runs} runs"
    )


if __name__ == "__main__":
    main()
