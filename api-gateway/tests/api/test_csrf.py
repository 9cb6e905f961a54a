"""Unsafe requests from another origin are refused (contract, Additions): 403 CSRF_FAILED."""

import pytest

from tests.conftest import make_token


@pytest.fixture
def signed_in(gateway):
    gateway.cookies.set("__Host-access_token", make_token())
    return gateway


@pytest.mark.parametrize("method", ["POST", "PATCH", "DELETE", "PUT"])
def test_a_cross_origin_unsafe_request_is_refused(signed_in, upstreams, method):
    response = signed_in.request(method, "/api/v1/pets/abc", headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "CSRF_FAILED"
    assert upstreams["user"].seen == []


def test_a_cross_origin_referer_without_origin_is_refused(signed_in, upstreams):
    response = signed_in.post("/api/v1/pets", json={"name": "x"}, headers={"Referer": "https://evil.example/page?x=1"})
    assert response.json()["error"]["code"] == "CSRF_FAILED"
    assert upstreams["user"].seen == []


def test_origin_null_is_refused(signed_in, upstreams):
    assert signed_in.post("/api/v1/pets", json={}, headers={"Origin": "null"}).status_code == 403


def test_a_login_from_another_origin_is_refused(gateway, upstreams):
    response = gateway.post(
        "/api/v1/auth/login",
        json={"email": "a@example.com", "password": "x"},
        headers={"Origin": "https://evil.example"},
    )
    assert response.json()["error"]["code"] == "CSRF_FAILED"
    assert upstreams["auth"].seen == []


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://localhost:8443"},
        {"Origin": "https://localhost"},
        {"Referer": "https://localhost:8443/pets/new"},
        {},  # neither header: a non-browser client
    ],
    ids=["origin-dev", "origin-compose", "referer", "none"],
)
def test_the_platform_origin_and_headerless_clients_pass(signed_in, upstreams, headers):
    assert signed_in.post("/api/v1/pets", json={"name": "x"}, headers=headers).status_code == 200


def test_safe_methods_are_not_checked(signed_in, upstreams):
    assert signed_in.get("/api/v1/pets", headers={"Origin": "https://evil.example"}).status_code == 200


def test_allowed_origins_are_configurable(gateway_factory, upstreams):
    gateway = gateway_factory(csrf_trusted_origins="https://pets.example.org", cors_origin="https://pets.example.org")
    gateway.cookies.set("__Host-access_token", make_token())
    assert gateway.post("/api/v1/pets", json={}, headers={"Origin": "https://pets.example.org"}).status_code == 200
    assert gateway.post("/api/v1/pets", json={}, headers={"Origin": "https://localhost:8443"}).status_code == 403


def test_gateway_routes_are_covered_too(signed_in, upstreams):
    response = signed_in.delete("/api/v1/users/me", headers={"Origin": "https://evil.example"})
    assert response.json()["error"]["code"] == "CSRF_FAILED"
    assert upstreams["user"].seen == [] and upstreams["auth"].seen == []
