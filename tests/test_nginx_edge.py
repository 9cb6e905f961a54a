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


UPSTREAM_SECURITY_HEADERS = {"Referrer-Policy": "same-origin", "X-Frame-Options": "SAMEORIGIN"}


class EchoGateway(BaseHTTPRequestHandler):
    """Stands in for the gateway: answers the request headers it received."""

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        body = json.dumps({"path": self.path, "headers": dict(self.headers)}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        for name, value in UPSTREAM_SECURITY_HEADERS.items():  # what Django's SecurityMiddleware adds
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


EDGE_PROXY_SECRET = "edge-test-proxy-secret"


def start_nginx(
    root: Path, gateway_port: int, *, real_ip_conf: str | None = None
) -> tuple[subprocess.Popen[bytes], dict[str, int]]:
    """nginx rendered as `make dev` renders it; `real_ip_conf` replaces real-ip.conf (as a k8s overlay does)."""
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
    if real_ip_conf is not None:
        (root / "nginx" / "real-ip.conf").write_text(real_ip_conf)
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
    assert seen["headers"]["X-Forwarded-For"] == "127.0.0.1"
    assert seen["headers"]["X-Forwarded-Proto"] == "https"


FORGED = {"X-Forwarded-For": "203.0.113.9, 198.51.100.7", "X-Real-IP": "203.0.113.9"}


def test_a_client_cannot_name_its_own_address(edge: str) -> None:
    # nginx SETS both headers to the TCP peer: a client's own X-Forwarded-For is replaced, never appended.
    seen = httpx.get(f"{edge}/api/v1/pets", verify=False, headers=FORGED).json()["headers"]
    assert (seen["X-Forwarded-For"], seen["X-Real-IP"]) == ("127.0.0.1", "127.0.0.1")


def _listening_addresses(port: int) -> set[str]:
    out = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True, check=True).stdout
    return {line.split()[3].rsplit(":", 1)[0] for line in out.splitlines() if line.strip()}


@pytest.mark.skipif(shutil.which("ss") is None, reason="ss (iproute2) is not installed")
def test_local_nginx_listens_on_the_loopback_address_only(edge_without_gateway: dict[str, int]) -> None:
    for port in edge_without_gateway.values():
        assert _listening_addresses(port) == {"127.0.0.1"}


def _k8s_real_ip_conf(overlay: str) -> str:
    return (REPO / "deploy/k8s/overlays" / overlay / "real-ip.conf").read_text()


@pytest.mark.parametrize("overlay", ["laptop", "production"])
def test_each_k8s_overlay_trusts_only_an_explicit_range_for_the_client_address(overlay: str) -> None:
    directives = [line.strip() for line in _k8s_real_ip_conf(overlay).splitlines() if line.strip()[:1] not in ("#", "")]
    ranges = [line.split()[1].rstrip(";") for line in directives if line.startswith("set_real_ip_from")]
    assert ranges and all("/" in item and item not in ("0.0.0.0/0", "::/0") for item in ranges)
    assert "real_ip_header X-Real-IP;" in directives and "real_ip_recursive off;" in directives
    nginx = (REPO / "deploy/k8s/base/nginx.yaml").read_text()
    assert "mountPath: /etc/nginx/snippets/real-ip.conf" in nginx  # replaces the image's empty file
    assert "name: nginx-real-ip" in (REPO / "deploy/k8s/overlays" / overlay / "kustomization.yaml").read_text()


def test_only_the_trusted_range_may_name_the_client_address(tmp_path: Path) -> None:
    # The k8s mechanism with 127.0.0.1 as "the ingress": its X-Real-IP is believed and passed on as the
    # client's address. The default (make dev, Compose) trusts nobody (test_a_client_cannot_name_its_own_address).
    gateway = ThreadingHTTPServer(("127.0.0.1", 0), EchoGateway)
    threading.Thread(target=gateway.serve_forever, daemon=True).start()
    trusted = _k8s_real_ip_conf("laptop").replace("set_real_ip_from 10.244.0.0/16;", "set_real_ip_from 127.0.0.1;")
    process, ports = start_nginx(tmp_path, gateway.server_address[1], real_ip_conf=trusted)
    try:
        seen = httpx.get(f"https://localhost:{ports['https']}/api/v1/pets", verify=False, headers=FORGED)
        headers = seen.json()["headers"]
        assert (headers["X-Real-IP"], headers["X-Forwarded-For"]) == ("203.0.113.9", "203.0.113.9")
    finally:
        process.terminate()
        process.wait(10)
        gateway.shutdown()


def test_each_security_header_is_sent_once_with_the_edge_value(edge: str) -> None:
    response = httpx.get(f"{edge}/api/v1/pets", verify=False)
    assert response.headers.get_list("Referrer-Policy") == ["strict-origin-when-cross-origin"]
    assert response.headers.get_list("X-Frame-Options") == ["DENY"]
    assert response.headers.get_list("X-Content-Type-Options") == ["nosniff"]


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
