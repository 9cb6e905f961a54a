import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from app.core.config import Settings, derive_proxy_secret
from app.headers import client_ip
from smartbreeds_common.envelope import failure, success
from tests.conftest import JWT_SECRET, SIGNING_SECRET, make_token

NGINX = {"X-Gateway-Proxy-Secret": derive_proxy_secret(SIGNING_SECRET)}
LOCAL = ("127.0.0.1", 40000)


def _password_checker(request: Request, body: bytes) -> Response:
    """The auth service's answer: 401 for the password "wrong", 200 otherwise."""
    if b'"wrong"' in body:
        return JSONResponse(failure("INVALID_CREDENTIALS", "no"), status_code=401)
    return JSONResponse(success({"user": {}}))


def _login(gateway, email: str, password: str, address: str):
    return gateway.post(
        "/api/v1/auth/login", json={"email": email, "password": password}, headers={**NGINX, "X-Real-IP": address}
    )


def test_login_is_limited_per_ip(gateway_factory):
    gateway = gateway_factory(rate_limit_login_per_minute=3)
    codes = [
        gateway.post(
            "/api/v1/auth/login", json={"email": f"{uuid.uuid4().hex}@example.com", "password": "x"}
        ).status_code
        for _ in range(4)
    ]
    assert codes[:3] == [200, 200, 200]
    assert codes[3] == 429


def test_wrong_passwords_from_one_address_do_not_stop_the_right_password_from_another(gateway_factory, upstreams):
    gateway = gateway_factory(peer=LOCAL, login_failures_per_address=5)
    upstreams["auth"].responder = _password_checker
    email = f"{uuid.uuid4().hex}@example.com"
    codes = [_login(gateway, email, "wrong", "198.51.100.7").status_code for _ in range(10)]
    assert codes == [401] * 5 + [429] * 5
    assert len(upstreams["auth"].seen) == 5  # the refused guesses never reached the auth service
    assert _login(gateway, email, "right", "203.0.113.20").status_code == 200


def test_the_per_address_failure_bucket_answers_with_retry_after(gateway_factory, upstreams):
    gateway = gateway_factory(peer=LOCAL, login_failures_per_address=2, login_failure_window_seconds=300)
    upstreams["auth"].responder = _password_checker
    email = f"{uuid.uuid4().hex}@example.com"
    for _ in range(2):
        _login(gateway, email, "wrong", "198.51.100.7")
    response = _login(gateway, email, "right", "198.51.100.7")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "RATE_LIMITED"
    assert 1 <= int(response.headers["retry-after"]) <= 300


def test_correct_logins_do_not_fill_the_per_email_buckets(gateway_factory, upstreams):
    gateway = gateway_factory(peer=LOCAL, login_failures_per_address=2, login_failures_per_email=2)
    upstreams["auth"].responder = _password_checker
    email = f"{uuid.uuid4().hex}@example.com"
    assert {_login(gateway, email, "right", "198.51.100.7").status_code for _ in range(6)} == {200}


def test_failures_from_many_addresses_reach_the_per_email_ceiling(gateway_factory, upstreams):
    gateway = gateway_factory(peer=LOCAL, login_failures_per_address=100, login_failures_per_email=3)
    upstreams["auth"].responder = _password_checker
    email = f"{uuid.uuid4().hex}@example.com"
    codes = [_login(gateway, email, "wrong", f"10.1.0.{n}").status_code for n in range(1, 5)]
    assert codes == [401, 401, 401, 429]
    other = f"{uuid.uuid4().hex}@example.com"
    assert _login(gateway, other, "wrong", "10.1.0.9").status_code == 401  # another account is untouched


def test_look_alike_emails_share_a_bucket(gateway_factory, upstreams):
    gateway = gateway_factory(peer=LOCAL, login_failures_per_address=2)
    upstreams["auth"].responder = _password_checker
    name = uuid.uuid4().hex
    assert _login(gateway, f"ſ{name}@example.com", "wrong", "198.51.100.7").status_code == 401  # long s
    assert _login(gateway, f"S{name.upper()}＠EXAMPLE.COM", "wrong", "198.51.100.7").status_code == 401  # full-width @
    assert _login(gateway, f"s{name}@example.com", "right", "198.51.100.7").status_code == 429


def test_register_is_limited_per_email_across_ips(gateway_factory):
    gateway = gateway_factory(peer=LOCAL, rate_limit_login_per_minute=2)
    email = f"{uuid.uuid4().hex}@example.com"
    codes = []
    for n in range(3):
        body = {"email": email.upper(), "password": "x", "name": "n"}
        response = gateway.post("/api/v1/auth/register", json=body, headers={**NGINX, "X-Real-IP": f"10.0.0.{n + 1}"})
        codes.append(response.status_code)
    assert codes == [200, 200, 429]
    assert int(response.headers["retry-after"]) >= 1
    assert response.json()["error"]["code"] == "RATE_LIMITED"


def test_a_direct_x_real_ip_does_not_change_the_bucket(gateway_factory):
    # A local process connecting straight to the gateway port (peer 127.0.0.1, a trusted proxy address)
    # without nginx's secret keeps its own address, whatever X-Real-IP it sends.
    gateway = gateway_factory(peer=LOCAL, rate_limit_login_per_minute=2)
    codes = [
        gateway.post(
            "/api/v1/auth/login",
            json={"email": f"{uuid.uuid4().hex}@example.com", "password": "x"},
            headers={"X-Real-IP": f"10.9.0.{n}", "X-Forwarded-For": f"10.9.1.{n}", "X-Gateway-Proxy-Secret": "guess"},
        ).status_code
        for n in range(3)
    ]
    assert codes == [200, 200, 429]


def test_nginx_with_its_secret_sets_the_client_address(gateway_factory, upstreams):
    gateway = gateway_factory(peer=LOCAL, rate_limit_login_per_minute=1)
    for n in range(3):
        response = gateway.post(
            "/api/v1/auth/login",
            json={"email": f"{uuid.uuid4().hex}@example.com", "password": "x"},
            headers={**NGINX, "X-Real-IP": f"10.9.0.{n}"},
        )
        assert response.status_code == 200
    seen = upstreams["auth"].headers_of()
    assert seen["x-real-ip"] == ["10.9.0.2"]
    assert "x-gateway-proxy-secret" not in seen  # never forwarded to a service


def test_anonymous_calls_are_limited_per_ip(gateway_factory):
    gateway = gateway_factory(rate_limit_anon_per_minute=2)
    codes = [gateway.get("/api/v1/products").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def _settings(trusted: str, **extra: Any) -> Settings:
    return Settings(jwt_secret=JWT_SECRET, gateway_signing_secret=SIGNING_SECRET, trusted_proxies=trusted, **extra)


def test_forwarded_ip_is_believed_only_from_a_trusted_proxy_with_the_secret():
    headers = {
        "x-real-ip": "203.0.113.9",
        "x-forwarded-for": "198.51.100.1, 203.0.113.9",
        "x-gateway-proxy-secret": NGINX["X-Gateway-Proxy-Secret"],
    }
    assert client_ip("127.0.0.1", headers, _settings("127.0.0.1")) == "203.0.113.9"
    assert client_ip("192.0.2.7", headers, _settings("127.0.0.1")) == "192.0.2.7"
    assert client_ip("172.18.0.5", headers, _settings("172.16.0.0/12")) == "203.0.113.9"
    assert client_ip("127.0.0.1", {**headers, "x-gateway-proxy-secret": "nope"}, _settings("127.0.0.1")) == "127.0.0.1"
    assert (
        client_ip(
            "127.0.0.1", {**headers, "x-gateway-proxy-secret": "s" * 32}, _settings("127.0.0.1", proxy_secret="s" * 32)
        )
        == "203.0.113.9"
    )


def test_garbage_forwarded_ip_falls_back_to_the_peer():
    headers = {"x-real-ip": "not-an-ip", "x-gateway-proxy-secret": NGINX["X-Gateway-Proxy-Secret"]}
    assert client_ip("127.0.0.1", headers, _settings("127.0.0.1")) == "127.0.0.1"


def test_a_login_email_with_a_lone_surrogate_is_forwarded_not_a_500(gateway, upstreams):
    # schemathesis: {"email": "x\ud800@example.com"} broke the per-email bucket key (UnicodeEncodeError, 500).
    body = b'{"email": "x\\ud800@example.com", "password": "x"}'
    for path in ("/api/v1/auth/login", "/api/v1/auth/register"):
        response = gateway.post(path, content=body, headers={"content-type": "application/json"})
        assert response.status_code == 200, (path, response.text)
        assert upstreams["auth"].seen[-1].body == body


def test_an_address_that_signed_in_before_skips_the_per_email_ceiling(gateway_factory, upstreams):
    gateway = gateway_factory(peer=LOCAL, login_failures_per_address=100, login_failures_per_email=3)
    upstreams["auth"].responder = _password_checker
    email = f"{uuid.uuid4().hex}@example.com"
    assert _login(gateway, email, "right", "192.0.2.50").status_code == 200  # the owner's usual address
    for n in range(1, 4):
        assert (
            _login(gateway, email, "wrong", f"10.2.0.{n}").status_code == 401
        )  # a distributed guess fills the ceiling
    assert _login(gateway, email, "right", "192.0.2.99").status_code == 429  # a new address waits
    assert _login(gateway, email, "right", "192.0.2.50").status_code == 200  # the owner's known address does not


def test_forgot_password_is_limited_per_client_address_and_per_email(gateway_factory, upstreams):
    """The login buckets: one address asking for many accounts, and one account asked for from many addresses."""
    gateway = gateway_factory(peer=LOCAL, rate_limit_login_per_minute=2)
    upstreams["auth"].reset()

    def forgot(email: str, address: str) -> int:
        response = gateway.post(
            "/api/v1/auth/password/forgot", json={"email": email}, headers={**NGINX, "X-Real-IP": address}
        )
        return int(response.status_code)

    one_address = [forgot(f"{uuid.uuid4().hex}@example.com", "192.0.2.10") for _ in range(3)]
    assert one_address[2] == 429
    victim = f"{uuid.uuid4().hex}@example.com"
    many_addresses = [forgot(victim.upper() if n % 2 else victim, f"198.51.100.{n}") for n in range(3)]
    assert many_addresses[2] == 429  # the same (normalised) address, whatever the client
    assert len(upstreams["auth"].seen) == 4


def _password_change(gateway, token: str, current: str, address: str):
    gateway.cookies.set("__Host-access_token", token)
    body = {"current_password": current, "new_password": "a brand new passphrase 9"}
    return gateway.post("/api/v1/auth/password", json=body, headers={**NGINX, "X-Real-IP": address})


def test_wrong_current_passwords_are_throttled_like_login_failures(gateway_factory, upstreams):
    gateway = gateway_factory(peer=LOCAL, login_failures_per_address=5, login_failures_per_email=8)
    upstreams["auth"].responder = _password_checker
    token = make_token()
    codes = [_password_change(gateway, token, "wrong", "198.51.100.7").status_code for _ in range(7)]
    assert codes == [401] * 5 + [429] * 2
    assert len(upstreams["auth"].seen) == 5  # the refused guesses never reached the auth service
    # Another address gets the rest of the per-user allowance, then the user's ceiling holds everywhere.
    more = [_password_change(gateway, token, "wrong", f"203.0.113.{n}").status_code for n in range(4)]
    assert more == [401, 401, 401, 429]
    other_user = make_token()
    assert _password_change(gateway, other_user, "right", "198.51.100.7").status_code == 200


def test_a_login_body_nested_past_the_parser_limit_is_a_400_not_a_500(gateway, upstreams):
    response = gateway.post(
        "/api/v1/auth/login", content=b"[" * 30_000 + b"]" * 30_000, headers={"Content-Type": "application/json"}
    )
    assert (response.status_code, response.json()["error"]["code"]) == (400, "VALIDATION_ERROR")
    assert upstreams["auth"].seen == []
