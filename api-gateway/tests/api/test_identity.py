"""The gateway is the only door: identity comes from the verified cookie, never from the client."""

import base64
import hashlib
import json
import uuid
from typing import Any

import httpx
import jwt
import pytest

from smartbreeds_common import identity
from tests.conftest import JWT_SECRET, PREFIX, SIGNING_SECRET, make_token

SPOOFED = [
    ("X-User-ID", "00000000-0000-0000-0000-000000000001"),
    ("x-user-id", "00000000-0000-0000-0000-000000000002"),
    ("X-User-Role", "admin"),
    ("X-Gateway-Signature", "f" * 64),
    ("X-Gateway-Timestamp", "1"),
    ("X-Internal-Caller", "ai-service"),
]


def _spoofed_headers() -> list[tuple[str, str]]:
    return [*SPOOFED, ("X-User-ID", "00000000-0000-0000-0000-000000000003")]  # duplicated on purpose


def test_spoofed_identity_headers_never_reach_a_public_upstream(gateway, upstreams):
    gateway.get("/api/v1/products", headers=_spoofed_headers())
    seen = upstreams["ai"].headers_of()
    assert seen["x-user-id"] == [""] and seen["x-user-role"] == [""]
    assert "x-internal-caller" not in seen
    assert len(seen["x-gateway-signature"]) == 1
    assert (
        identity.verify(SIGNING_SECRET, httpx.Headers({name: values[0] for name, values in seen.items()})).user_id == ""
    )


def test_spoofed_identity_headers_are_replaced_by_the_cookie_identity(gateway, upstreams):
    user_id = str(uuid.uuid4())
    gateway.cookies.set("__Host-access_token", make_token(user_id=user_id))
    response = gateway.get("/api/v1/pets", headers=_spoofed_headers())
    assert response.status_code == 200
    seen = upstreams["user"].headers_of()
    assert seen["x-user-id"] == [user_id]
    assert seen["x-user-role"] == ["user"]
    assert len(seen["x-gateway-signature"]) == 1
    assert "cookie" not in seen  # only the auth service sees cookies


def test_spoofed_headers_without_cookie_are_refused_on_protected_routes(gateway, upstreams):
    response = gateway.get("/api/v1/pets", headers=_spoofed_headers())
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "AUTH_REQUIRED"
    assert upstreams["user"].seen == []


def test_hop_by_hop_and_connection_named_headers_are_stripped(gateway, upstreams):
    gateway.cookies.set("__Host-access_token", make_token())
    gateway.get(
        "/api/v1/pets",
        headers={"Connection": "keep-alive, X-Secret-Hop", "X-Secret-Hop": "1", "Proxy-Authorization": "x"},
    )
    seen = upstreams["user"].headers_of()
    assert "x-secret-hop" not in seen and "proxy-authorization" not in seen


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


@pytest.mark.parametrize(
    ("token_factory", "code"),
    [
        (
            lambda: (
                _b64({"alg": "none", "typ": "JWT"})
                + "."
                + _b64({"user_id": "x", "role": "admin", "type": "access"})
                + "."
            ),
            "TOKEN_INVALID",
        ),
        (lambda: make_token(secret="wrong-key-" + JWT_SECRET), "TOKEN_INVALID"),
        (lambda: make_token(expires_in=-10), "TOKEN_EXPIRED"),
        (lambda: make_token()[:-4] + "AAAA", "TOKEN_INVALID"),
        (lambda: make_token(token_type="refresh"), "TOKEN_INVALID"),
        (lambda: make_token(aud="someone-else"), "TOKEN_INVALID"),
        (lambda: make_token(iss="someone-else"), "TOKEN_INVALID"),
        (lambda: "garbage", "TOKEN_INVALID"),
    ],
    ids=[
        "alg-none",
        "wrong-key",
        "expired",
        "tampered",
        "refresh-as-access",
        "wrong-audience",
        "wrong-issuer",
        "garbage",
    ],
)
def test_bad_tokens_are_refused(gateway, upstreams, token_factory, code):
    gateway.cookies.set("__Host-access_token", token_factory())
    response = gateway.get("/api/v1/pets")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == code
    assert upstreams["user"].seen == []


def test_blacklisted_token_is_revoked(gateway, upstreams, redis_client):
    token = make_token()
    jti = jwt.decode(token, options={"verify_signature": False})["jti"]
    redis_client.set(f"{PREFIX}blacklist:token:{hashlib.sha256(jti.encode()).hexdigest()}", "1", ex=60)
    gateway.cookies.set("__Host-access_token", token)
    response = gateway.get("/api/v1/pets")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "TOKEN_REVOKED"


def test_admin_route_refuses_a_user(gateway, upstreams):
    gateway.cookies.set("__Host-access_token", make_token(role="user"))
    response = gateway.get("/api/v1/rag/documents")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "FORBIDDEN"
    assert upstreams["ai"].seen == []


def test_admin_route_forwards_an_admin(gateway, upstreams):
    gateway.cookies.set("__Host-access_token", make_token(role="admin"))
    assert gateway.get("/api/v1/rag/documents").status_code == 200
    assert upstreams["ai"].headers_of()["x-user-role"] == ["admin"]


def test_cookies_are_forwarded_only_to_the_auth_service(gateway, upstreams):
    gateway.cookies.set("refresh_token", "r")
    gateway.post("/api/v1/auth/refresh")
    assert "refresh_token=r" in upstreams["auth"].headers_of()["cookie"][0]


def test_redis_down_fails_closed_for_authenticated_requests(gateway_factory, upstreams):
    gateway = gateway_factory(redis_url="redis://127.0.0.1:1/0")
    gateway.cookies.set("__Host-access_token", make_token())
    response = gateway.get("/api/v1/pets")
    assert response.status_code == 503
    assert upstreams["user"].seen == []
