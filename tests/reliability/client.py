"""A client for the public API that goes the way a browser goes: nginx -> gateway -> service.

`identity` (the gateway's header signing) is re-exported for tests that forge service-side headers.
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

__all__ = ["ApiClient", "assert_envelope_error", "identity"]
PASSWORD = "a long enough passphrase 42"


@dataclass
class ApiClient:
    stack: LocalStack
    user: dict[str, Any] = field(default_factory=dict)
    access_token: str | None = None

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        cookies = {"__Host-access_token": self.access_token} if self.access_token else None
        return httpx.request(method, self.stack.base_url + path, cookies=cookies, verify=False, timeout=30, **kwargs)

    def register(self, email: str | None = None, password: str = PASSWORD) -> ApiClient:
        email = email or f"rel-{uuid.uuid4().hex[:10]}@example.com"
        body = {"email": email, "password": password, "name": "R"}
        return self._sign_in("/api/v1/auth/register", body, 201)

    def login(self, email: str, password: str = PASSWORD) -> ApiClient:
        return self._sign_in("/api/v1/auth/login", {"email": email, "password": password}, 200)

    def admin(self) -> ApiClient:
        """A new administrator (the auth service's `create_admin` command), logged in."""
        return self.login(self.stack.create_admin(PASSWORD))

    def _sign_in(self, path: str, body: dict[str, str], status: int) -> ApiClient:
        response = self.request("POST", path, json=body)
        assert response.status_code == status, response.text
        self.user = response.json()["data"]["user"]
        self.access_token = response.cookies.get("__Host-access_token")
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
