"""A client for the public API that goes the way a browser goes: nginx -> gateway -> service.

While the gateway is not in the checkout yet, the same calls go to the owning service directly
with the headers the gateway would add (`smartbreeds_common.identity.signed_headers`), so the
service-side behaviour is still proven; `through_gateway` says which path was taken.
"""

from __future__ import annotations

import sys
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.stack import REPO, LocalStack

sys.path.append(str(REPO / "libs" / "smartbreeds-common"))
from smartbreeds_common import identity

SERVICE_OF_PREFIX = (
    ("/api/v1/auth/", "auth"),
    ("/api/v1/users/", "user"),
    ("/api/v1/pets/analyze", "ai"),
    ("/api/v1/pets", "user"),
    ("/api/v1/analyses/", "user"),
)


def gateway_in_checkout() -> bool:
    return (REPO / "api-gateway" / "app" / "main.py").exists()


@dataclass
class ApiClient:
    stack: LocalStack
    user: dict[str, Any] = field(default_factory=dict)
    access_token: str | None = None

    @property
    def through_gateway(self) -> bool:
        return "gateway" in self.stack.processes

    def url_and_headers(self, path: str) -> tuple[str, dict[str, str]]:
        if self.through_gateway:
            return self.stack.base_url + path, {}
        service = next((name for prefix, name in SERVICE_OF_PREFIX if path.startswith(prefix)), "ai")
        headers = identity.signed_headers(
            self.stack.env["GATEWAY_SIGNING_SECRET"],
            user_id=self.user.get("id", ""),
            role=self.user.get("role", ""),
            request_id=str(uuid.uuid4()),
        )
        return f"http://127.0.0.1:{self.stack.ports[service]}{path}", headers

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        url, headers = self.url_and_headers(path)
        headers.update(kwargs.pop("headers", {}))
        cookies = {"access_token": self.access_token} if self.access_token else None
        return httpx.request(method, url, headers=headers, cookies=cookies, verify=False, timeout=30, **kwargs)

    def register(self, email: str | None = None, password: str = "a long enough passphrase 42") -> ApiClient:
        email = email or f"rel-{uuid.uuid4().hex[:10]}@example.com"
        body = {"email": email, "password": password, "name": "R"}
        response = self.request("POST", "/api/v1/auth/register", json=body)
        assert response.status_code == 201, response.text
        self.user = response.json()["data"]["user"]
        self.access_token = response.cookies.get("access_token")
        return self


def assert_envelope_error(response: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    """A refusal is the JSON envelope with a stable code, never HTML or a stack trace."""
    assert response.status_code == status, (response.status_code, response.text[:500])
    body = response.json()
    assert body["success"] is False and body["data"] is None, body
    assert body["error"]["code"].isupper(), body
    if code:
        assert body["error"]["code"] == code, body
    assert "Traceback" not in response.text
    return body
