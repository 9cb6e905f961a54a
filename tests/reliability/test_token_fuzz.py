"""Fuzzed tokens and forged identity headers: always a 401 envelope with a stable code, never a 5xx.

Seeded random mutations of real tokens (reproducible: FUZZ_SEED, FUZZ_CASES).
"""

from __future__ import annotations

import base64
import json
import os
import random
import uuid

import httpx
import pytest

from tests.reliability.client import ApiClient, assert_envelope_error, identity
from tests.stack import LocalStack

pytestmark = pytest.mark.stack
SEED = int(os.environ.get("FUZZ_SEED", "20261125"))
CASES = int(os.environ.get("FUZZ_CASES", "120"))
TOKEN_CODES = {"TOKEN_INVALID", "TOKEN_EXPIRED", "TOKEN_REUSED", "TOKEN_REVOKED", "AUTH_REQUIRED"}


def b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def mutations(token: str, rng: random.Random) -> list[str]:
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    fixed = [
        "",
        ".",
        "..",
        "a.b.c",
        f"{b64({'alg': 'none', 'typ': 'JWT'})}.{payload}.",
        f"{b64({'alg': 'HS256', 'kid': '../../../../etc/passwd'})}.{payload}.{signature}",
        f"{header}.{b64({**claims, 'user_id': str(uuid.uuid4()), 'role': 'admin'})}.{signature}",
        f"{header}.{b64({**claims, 'exp': 1})}.{signature}",
        f"{header}.{b64({**claims, 'type': 'access'})}.{signature}",
        f"{header}.{payload}.{signature[::-1]}",
        token + "." + signature,
        token * 8,
        "é" * 100,
        "%00%0d%0aSet-Cookie: x=1",
        "' OR '1'='1",
    ]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ "
    for _ in range(CASES - len(fixed)):
        chars = list(token)
        for _ in range(rng.randint(1, 6)):
            position = rng.randrange(len(chars))
            action = rng.choice(("flip", "drop", "insert"))
            if action == "flip":
                chars[position] = rng.choice(alphabet)
            elif action == "drop":
                del chars[position]
            else:
                chars.insert(position, rng.choice(alphabet))
        fixed.append("".join(chars))
    return fixed


@pytest.fixture
def refresh_token(live_stack: LocalStack) -> str:
    client = ApiClient(live_stack)
    url, headers = client.url_and_headers("/api/v1/auth/register")
    body = {"email": f"fuzz-{uuid.uuid4().hex[:8]}@example.com", "password": "a long enough passphrase 42", "name": "F"}
    response = httpx.post(url, json=body, headers=headers, verify=False, timeout=30)
    assert response.status_code == 201, response.text
    token = response.cookies.get("refresh_token")
    assert token and token.count(".") == 2
    return token


def test_fuzzed_refresh_cookies_are_refused_with_a_token_code(live_stack: LocalStack, refresh_token: str) -> None:
    client = ApiClient(live_stack)
    for candidate in mutations(refresh_token, random.Random(SEED)):
        if candidate == refresh_token:
            continue
        url, headers = client.url_and_headers("/api/v1/auth/refresh")
        # A raw UTF-8 Cookie header, as a hostile client would send it.
        raw = {**headers, "Cookie": f"refresh_token={candidate}"}
        encoded = {name: value.encode() for name, value in raw.items()}
        response = httpx.post(url, headers=encoded, verify=False, timeout=30)
        body = assert_envelope_error(response, 401)
        assert body["error"]["code"] in TOKEN_CODES, (candidate, body)


def test_forged_gateway_identity_headers_are_refused(live_stack: LocalStack) -> None:
    api = ApiClient(live_stack).register()
    url = f"http://127.0.0.1:{live_stack.ports['user']}/api/v1/pets"
    rng = random.Random(SEED)
    for _ in range(40):
        genuine = identity.signed_headers(
            live_stack.env["GATEWAY_SIGNING_SECRET"], user_id=api.user["id"], role=api.user["role"],
            request_id=str(uuid.uuid4()),
        )  # fmt: skip
        forged = dict(genuine)
        field = rng.choice(["X-User-ID", "X-User-Role", "X-Gateway-Timestamp", "X-Gateway-Signature", "X-Request-ID"])
        forged[field] = rng.choice(
            [str(uuid.uuid4()), "admin", "0", "9999999999", "", "a" * 64, forged[field][:-1] + "0"]
        )
        if forged[field] == genuine[field]:
            continue
        assert_envelope_error(httpx.get(url, headers=forged, timeout=30), 401, "GATEWAY_REQUIRED")


def test_cookie_over_the_header_limits_is_a_4xx_not_a_5xx(live_stack: LocalStack) -> None:
    client = ApiClient(live_stack)
    url, headers = client.url_and_headers("/api/v1/auth/refresh")
    headers["Cookie"] = "refresh_token=" + "a" * 64_000
    response = httpx.post(url, headers=headers, verify=False, timeout=30)
    assert 400 <= response.status_code < 500, response.status_code
