"""The nginx template (rendered as `make dev` renders it) proxies, protects and fails in JSON."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.stack import REPO, free_port

pytestmark = pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class EchoGateway(BaseHTTPRequestHandler):
    """Stands in for the gateway: answers the request headers it received."""

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        body = json.dumps({"path": self.path, "headers": dict(self.headers)}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


EDGE_PROXY_SECRET = "edge-test-proxy-secret"


def start_nginx(root: Path, gateway_port: int) -> tuple[subprocess.Popen[bytes], dict[str, int]]:
    ports = {"https": free_port(), "http": free_port()}
    dist = root / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text('<!doctype html><div id="root"></div>')
    (dist / "assets" / "app.js").write_text("console.log(1)")
    env = {
        **os.environ,
        "CERT_DIR": str(root / "certs"),
        "FRONTEND_DIST": str(dist),
        "GATEWAY_PORT": str(gateway_port),
        "NGINX_HTTPS_PORT": str(ports["https"]),
        "NGINX_HTTP_PORT": str(ports["http"]),
        "PROXY_SECRET": EDGE_PROXY_SECRET,
    }
    subprocess.run([REPO / "scripts/certs.sh"], env=env, check=True, capture_output=True)
    subprocess.run([REPO / "scripts/render-nginx.sh", str(root / "nginx")], env=env, check=True, capture_output=True)
    process = subprocess.Popen(["nginx", "-p", str(root / "nginx"), "-c", "nginx.conf", "-g", "daemon off;"])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{ports['http']}/nginx-health", timeout=1)
            return process, ports
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise TimeoutError("nginx did not start")


@pytest.fixture(scope="module")
def edge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    gateway = ThreadingHTTPServer(("127.0.0.1", 0), EchoGateway)
    threading.Thread(target=gateway.serve_forever, daemon=True).start()
    process, ports = start_nginx(tmp_path_factory.mktemp("edge"), gateway.server_address[1])
    yield f"https://localhost:{ports['https']}"
    process.terminate()
    process.wait(10)
    gateway.shutdown()


@pytest.fixture(scope="module")
def edge_without_gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, int]]:
    process, ports = start_nginx(tmp_path_factory.mktemp("edge-down"), free_port())
    yield ports
    process.terminate()
    process.wait(10)


def test_api_is_proxied_with_client_address_and_request_id(edge: str) -> None:
    request_id = "123e4567-e89b-12d3-a456-426614174000"
    seen = httpx.get(f"{edge}/api/v1/pets?x=1", verify=False, headers={"X-Request-ID": request_id}).json()
    assert seen["path"] == "/api/v1/pets?x=1"
    assert seen["headers"]["X-Request-ID"] == request_id
    assert seen["headers"]["X-Real-IP"] == "127.0.0.1"
    assert seen["headers"]["X-Gateway-Proxy-Secret"] == EDGE_PROXY_SECRET  # the gateway believes X-Real-IP only with it
    assert seen["headers"]["X-Forwarded-For"].endswith("127.0.0.1")
    assert seen["headers"]["X-Forwarded-Proto"] == "https"


def test_missing_request_id_gets_a_uuid(edge: str) -> None:
    seen = httpx.get(f"{edge}/api/v1/health", verify=False).json()
    assert UUID_RE.match(seen["headers"]["X-Request-ID"])


def test_spa_fallback_serves_the_shell_with_security_headers(edge: str) -> None:
    response = httpx.get(f"{edge}/pets/123/history", verify=False)
    assert response.status_code == 200 and '<div id="root">' in response.text
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "max-age" in response.headers["Strict-Transport-Security"]
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Server"] == "nginx"  # no version number


def test_missing_asset_is_404_not_the_shell(edge: str) -> None:
    assert httpx.get(f"{edge}/assets/nope.js", verify=False).status_code == 404


def test_body_over_the_upload_limit_is_refused(edge: str) -> None:
    response = httpx.post(f"{edge}/api/v1/pets/analyze", content=b"x" * (12 * 1024 * 1024), verify=False)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"


def test_oversized_headers_are_a_json_envelope(edge: str) -> None:
    response = httpx.get(f"{edge}/api/v1/products", headers={"X-Big": "x" * 64 * 1024}, verify=False)
    assert response.status_code == 431
    assert response.json()["error"]["code"] == "HEADERS_TOO_LARGE"


def test_old_upload_links_redirect_to_the_owner_checked_api_route(edge: str) -> None:
    # nginx serves no file from the upload directory itself: the AI service checks who may see a photo.
    name = "ab" * 32 + ".jpg"
    response = httpx.get(f"{edge}/uploads/{name}", verify=False)
    assert (response.status_code, response.headers["Location"]) == (301, f"/api/v1/uploads/{name}")
    followed = httpx.get(f"{edge}/uploads/{name}", verify=False, follow_redirects=True)
    assert followed.json()["path"] == f"/api/v1/uploads/{name}"  # reached the (echo) gateway
    assert httpx.get(f"{edge}/uploads/", verify=False).headers["Location"] == "/api/v1/uploads/"


def test_http_redirects_to_https(edge_without_gateway: dict[str, int]) -> None:
    response = httpx.get(f"http://127.0.0.1:{edge_without_gateway['http']}/pets?a=1")
    assert response.status_code == 301
    assert response.headers["Location"] == f"https://127.0.0.1:{edge_without_gateway['https']}/pets?a=1"


def test_gateway_down_is_a_json_503_envelope(edge_without_gateway: dict[str, int]) -> None:
    url = f"https://localhost:{edge_without_gateway['https']}/api/v1/auth/me"
    response = httpx.get(url, verify=False)
    body = response.json()
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/json"
    assert body["success"] is False and body["data"] is None
    assert body["error"]["code"] == "SERVICE_UNAVAILABLE"
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", body["timestamp"])
    assert UUID_RE.match(response.headers["X-Request-ID"])


def test_browser_loads_the_shell_on_a_client_route(edge: str, page: Any) -> None:
    response = page.goto(f"{edge}/pets/42")
    assert response is not None and response.status == 200
    assert page.locator("#root").count() == 1
