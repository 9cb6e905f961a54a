import uuid

from app.core.config import Settings
from app.headers import client_ip
from tests.conftest import JWT_SECRET, SIGNING_SECRET


def test_login_is_limited_per_ip(gateway_factory):
    gateway = gateway_factory(rate_limit_login_per_minute=3)
    codes = [
        gateway.post("/api/v1/auth/login", json={"email": f"{uuid.uuid4().hex}@example.com", "password": "x"}).status_code for _ in range(4)
    ]
    assert codes[:3] == [200, 200, 200]
    assert codes[3] == 429


def test_login_is_limited_per_email_across_ips(gateway_factory):
    gateway = gateway_factory(rate_limit_login_per_minute=2, trusted_proxies="0.0.0.0/0")
    email = f"{uuid.uuid4().hex}@example.com"
    codes = []
    for n in range(3):
        response = gateway.post(
            "/api/v1/auth/login", json={"email": email.upper(), "password": "x"}, headers={"X-Real-IP": f"10.0.0.{n + 1}"}
        )
        codes.append(response.status_code)
    assert codes == [200, 200, 429]
    assert int(response.headers["retry-after"]) >= 1
    assert response.json()["error"]["code"] == "RATE_LIMITED"


def test_anonymous_calls_are_limited_per_ip(gateway_factory):
    gateway = gateway_factory(rate_limit_anon_per_minute=2)
    codes = [gateway.get("/api/v1/products").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def _settings(trusted: str) -> Settings:
    return Settings(jwt_secret=JWT_SECRET, gateway_signing_secret=SIGNING_SECRET, trusted_proxies=trusted)


def test_forwarded_ip_is_believed_only_from_a_trusted_proxy():
    headers = {"x-real-ip": "203.0.113.9", "x-forwarded-for": "198.51.100.1, 203.0.113.9"}
    assert client_ip("127.0.0.1", headers, _settings("127.0.0.1")) == "203.0.113.9"
    assert client_ip("192.0.2.7", headers, _settings("127.0.0.1")) == "192.0.2.7"
    assert client_ip("172.18.0.5", headers, _settings("172.16.0.0/12")) == "203.0.113.9"


def test_garbage_forwarded_ip_falls_back_to_the_peer():
    assert client_ip("127.0.0.1", {"x-real-ip": "not-an-ip"}, _settings("127.0.0.1")) == "127.0.0.1"


def test_a_login_email_with_a_lone_surrogate_is_forwarded_not_a_500(gateway, upstreams):
    # schemathesis: {"email": "x\ud800@example.com"} broke the per-email bucket key (UnicodeEncodeError, 500).
    body = b'{"email": "x\\ud800@example.com", "password": "x"}'
    for path in ("/api/v1/auth/login", "/api/v1/auth/register"):
        response = gateway.post(path, content=body, headers={"content-type": "application/json"})
        assert response.status_code == 200, (path, response.text)
        assert upstreams["auth"].seen[-1].body == body
