"""Slowloris: clients that send their headers byte by byte are cut off by nginx; others are still served."""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from tests.test_nginx_edge import EchoGateway, start_nginx

SLOW_CLIENTS = 40
CLIENT_HEADER_TIMEOUT_SECONDS = 10  # nginx/nginx.conf.template


@pytest.fixture(scope="module")
def edge_ports(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, int]]:
    gateway = ThreadingHTTPServer(("127.0.0.1", 0), EchoGateway)
    threading.Thread(target=gateway.serve_forever, daemon=True).start()
    process, ports = start_nginx(Path(tmp_path_factory.mktemp("slowloris")), gateway.server_address[1])
    yield ports
    process.terminate()
    process.wait(10)
    gateway.shutdown()


def dribble_headers(port: int, outcome: dict[str, float]) -> None:
    """Sends a never-ending header one byte a second; records when nginx closed the connection."""
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as raw, context.wrap_socket(raw) as tls:
        request = b"GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + b"a" * 60
        try:
            for byte in request:
                tls.sendall(bytes([byte]))
                time.sleep(1)
            outcome["closed_after"] = float("inf")
        except OSError:
            outcome["closed_after"] = time.monotonic() - started


def test_slow_header_clients_are_cut_off_while_others_are_served(edge_ports: dict[str, int]) -> None:
    outcomes: list[dict[str, float]] = [{} for _ in range(SLOW_CLIENTS)]
    port = edge_ports["https"]
    threads = [threading.Thread(target=dribble_headers, args=(port, outcome), daemon=True) for outcome in outcomes]
    for thread in threads:
        thread.start()
    time.sleep(2)  # every slow client now holds a connection

    base = f"https://localhost:{edge_ports['https']}"
    served = [httpx.get(f"{base}/api/v1/health", verify=False, timeout=5) for _ in range(20)]
    assert [r.status_code for r in served] == [200] * 20
    assert max(r.elapsed.total_seconds() for r in served) < 1.0

    for thread in threads:
        thread.join(timeout=CLIENT_HEADER_TIMEOUT_SECONDS + 20)
    closed_after = [outcome.get("closed_after", float("inf")) for outcome in outcomes]
    # Cut off at the header timeout (plus the byte-a-second granularity), long before the 60-byte header ends.
    assert max(closed_after) < CLIENT_HEADER_TIMEOUT_SECONDS + 5, closed_after
