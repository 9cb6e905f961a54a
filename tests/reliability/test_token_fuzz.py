"""Fuzzed tokens, cookies and forged identity headers: a 4xx envelope with a stable code, never a 5xx.

Property-based (hypothesis, derandomized so CI runs the same cases each time; FUZZ_CASES per
property). Three kinds of hostile token go into the `access_token` cookie of a protected route and
the `refresh_token` cookie of /auth/refresh, through nginx and the gateway:
- edits of a genuine token (characters flipped, dropped or inserted anywhere);
- well-formed JWTs the attacker signs: `alg` none/HS256/RS256, a guessed key, claims escalated
  (role admin, another user, no expiry, wrong type, wrong issuer/audience);
- arbitrary text.
One edit of a genuine token may still be accepted: base64 decoding skips characters outside its
alphabet, so inserting one into the *signature* leaves the same signature bytes (same header,
payload and signature: not a forgery). Anything else must be refused.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import time
import uuid
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reliability.client import ApiClient, assert_envelope_error, identity
from tests.stack import LocalStack

pytestmark = pytest.mark.stack
CASES = int(os.environ.get("FUZZ_CASES", "150"))
TOKEN_CODES = {"TOKEN_INVALID", "TOKEN_EXPIRED", "TOKEN_REUSED", "TOKEN_REVOKED", "AUTH_REQUIRED"}
FUZZ = settings(
    max_examples=CASES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ !%"
# What a cookie value can carry on the wire (RFC 6265 cookie-octets, plus what sloppy clients send).
COOKIE_TEXT = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters=';"\\'), max_size=600)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64_json(data: dict[str, Any]) -> str:
    return b64(json.dumps(data).encode())


def decoded(segment: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except (binascii.Error, ValueError):
        return None


def same_token(candidate: str, genuine: str) -> bool:
    """The genuine token up to how its signature is spelled (see the module docstring)."""
    parts, real = candidate.split("."), genuine.split(".")
    return len(parts) == 3 and parts[:2] == real[:2] and decoded(parts[2]) == decoded(real[2])


@st.composite
def edited(draw: st.DrawFn, genuine: str) -> str:
    chars = list(genuine)
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(chars) - 1))
        action = draw(st.sampled_from(("flip", "drop", "insert")))
        if action == "flip":
            chars[position] = draw(st.sampled_from(TOKEN_ALPHABET))
        elif action == "drop" and len(chars) > 1:
            del chars[position]
        else:
            chars.insert(position, draw(st.sampled_from(TOKEN_ALPHABET)))
    return "".join(chars)


@st.composite
def forged(draw: st.DrawFn, genuine: str) -> str:
    """A JWT signed by the attacker, starting from the genuine claims."""
    header_b64, payload_b64, _ = genuine.split(".")
    claims = json.loads(decoded(payload_b64) or b"{}")
    changes = draw(
        st.dictionaries(
            st.sampled_from(["role", "user_id", "exp", "type", "iss", "aud", "jti"]),
            st.one_of(
                st.sampled_from(["admin", "user", "refresh", "access", str(uuid.uuid4()), "smartbreeds", ""]),
                st.integers(-(2**40), 2**40),
                st.none(),
            ),
            max_size=4,
        )
    )
    claims.update(changes)
    for name in draw(st.sets(st.sampled_from(sorted(claims)), max_size=2)):
        claims.pop(name, None)
    algorithm = draw(st.sampled_from(["none", "HS256", "HS512", "RS256", "ES256", "", "hs256"]))
    header = {"alg": algorithm, "typ": "JWT"} | draw(
        st.sampled_from([{}, {"kid": "../../../../etc/passwd"}, {"jku": "http://127.0.0.1/k"}])
    )
    signing_input = f"{b64_json(header)}.{b64_json(claims)}"
    guessed_key = draw(st.sampled_from([b"", b"secret", b"smartbreeds", b"change-me", b"\x00" * 32]))
    signature = draw(
        st.sampled_from(
            [
                "",
                b64(hmac.new(guessed_key, signing_input.encode(), hashlib.sha256).digest()),
                b64(draw(st.binary(min_size=0, max_size=64))),
                genuine.split(".")[2],
            ]
        )
    )
    if draw(st.booleans()):  # keep the genuine header (the one the gateway pins) and edit only the claims
        signing_input = f"{header_b64}.{b64_json(claims)}"
    return f"{signing_input}.{signature}"


def hostile_tokens(genuine: str) -> st.SearchStrategy[str]:
    return st.one_of(edited(genuine), forged(genuine), COOKIE_TEXT)


def send_cookie(stack: LocalStack, method: str, path: str, cookie_header: str) -> httpx.Response:
    """The Cookie header exactly as given (httpx would otherwise quote or refuse odd values)."""
    return httpx.request(method, stack.base_url + path, headers={"Cookie": cookie_header}, verify=False, timeout=30)


@pytest.fixture(scope="module")
def session(live_stack: LocalStack) -> dict[str, str]:
    client = httpx.Client(base_url=live_stack.base_url, verify=False, timeout=30)
    body = {"email": f"fuzz-{uuid.uuid4().hex[:8]}@example.com", "password": "a long enough passphrase 42", "name": "F"}
    response = client.post("/api/v1/auth/register", json=body)
    assert response.status_code == 201, response.text
    tokens = {name: client.cookies[name] for name in ("__Host-access_token", "refresh_token")}
    client.close()
    assert all(token.count(".") == 2 for token in tokens.values())
    return tokens


def test_hostile_access_cookies_are_refused_by_the_gateway(live_stack: LocalStack, session: dict[str, str]) -> None:
    genuine = session["__Host-access_token"]
    assert send_cookie(live_stack, "GET", "/api/v1/pets", f"__Host-access_token={genuine}").status_code == 200

    @FUZZ
    @given(candidate=hostile_tokens(genuine))
    def check(candidate: str) -> None:
        response = send_cookie(live_stack, "GET", "/api/v1/pets", f"__Host-access_token={candidate}")
        if same_token(candidate, genuine):
            assert response.status_code == 200, (candidate, response.text[:300])
            return
        body = assert_envelope_error(response, 401)
        assert body["error"]["code"] in TOKEN_CODES, (candidate, body)

    check()


def test_hostile_refresh_cookies_are_refused_by_the_auth_service(
    live_stack: LocalStack, session: dict[str, str]
) -> None:
    genuine = session["refresh_token"]

    @FUZZ
    @given(candidate=hostile_tokens(genuine))
    def check(candidate: str) -> None:
        if same_token(candidate, genuine):
            return  # a genuine refresh would rotate (and so spend) the session under test
        response = send_cookie(live_stack, "POST", "/api/v1/auth/refresh", f"refresh_token={candidate}")
        body = assert_envelope_error(response, 401)
        assert body["error"]["code"] in TOKEN_CODES, (candidate, body)

    check()


@FUZZ
@given(
    header=st.lists(
        st.tuples(st.sampled_from(["__Host-access_token", "refresh_token", "csrftoken", "", "a" * 300]), COOKIE_TEXT),
        max_size=5,
    ).map(lambda pairs: "; ".join(f"{name}={value}" for name, value in pairs)),
    path=st.sampled_from(["/api/v1/pets", "/api/v1/users/me", "/api/v1/products"]),
)
def test_arbitrary_cookie_headers_are_never_a_server_error(live_stack: LocalStack, header: str, path: str) -> None:
    response = send_cookie(live_stack, "GET", path, header)
    assert response.status_code < 500, (header, response.status_code, response.text[:300])
    if response.status_code >= 400:
        assert_envelope_error(response, response.status_code)


def test_forged_gateway_identity_headers_are_refused(live_stack: LocalStack) -> None:
    """A caller who reaches a service directly (not through the gateway) cannot forge an identity."""
    api = ApiClient(live_stack).register()
    url = f"http://127.0.0.1:{live_stack.ports['user']}/api/v1/pets"
    secret = live_stack.env["GATEWAY_SIGNING_SECRET"]

    @FUZZ
    @given(
        field=st.sampled_from(
            ["X-User-ID", "X-User-Role", "X-Gateway-Timestamp", "X-Gateway-Signature", "X-Request-ID"]
        ),
        value=st.one_of(
            st.sampled_from(
                [str(uuid.uuid4()), "admin", "0", "9999999999", "", "a" * 64, str(int(time.time()) - 3600)]
            ),
            st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=80),
        ),
    )
    def check(field: str, value: str) -> None:
        genuine = identity.signed_headers(
            secret, user_id=api.user["id"], role=api.user["role"], request_id=str(uuid.uuid4())
        )
        value = value.strip()  # what a header value can be on the wire
        if genuine[field] == value:
            return
        forged_headers = {**genuine, field: value}
        assert_envelope_error(httpx.get(url, headers=forged_headers, timeout=30), 401, "GATEWAY_REQUIRED")

    check()


def test_cookie_over_the_header_limits_is_a_4xx_not_a_5xx(live_stack: LocalStack) -> None:
    response = send_cookie(live_stack, "POST", "/api/v1/auth/refresh", "refresh_token=" + "a" * 64_000)
    assert 400 <= response.status_code < 500, response.status_code
