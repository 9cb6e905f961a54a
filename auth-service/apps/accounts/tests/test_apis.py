"""The HTTP contract: envelope, status codes, error codes, cookies, gateway signature."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client
from pytest_django.fixtures import Settings
from smartbreeds_common.identity import signed_headers

from apps.accounts.models import RefreshToken, User
from apps.accounts.revocation import blacklist_key, redis_client
from apps.accounts.services import SessionResult
from apps.accounts.tests.conftest import STRONG_PASSWORD, GatewayClient, anonymous_gateway_headers
from apps.accounts.tokens import decode_token

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db

REGISTER = "/api/v1/auth/register"
LOGIN = "/api/v1/auth/login"
REFRESH = "/api/v1/auth/refresh"
LOGOUT = "/api/v1/auth/logout"
ME = "/api/v1/auth/me"


def _body(response: TestResponse) -> dict[str, Any]:
    body: dict[str, Any] = response.json()
    assert set(body) == {"success", "data", "error", "timestamp"}
    assert body["timestamp"].endswith("Z")
    return body


def _error(response: TestResponse) -> dict[str, Any]:
    body = _body(response)
    assert body["success"] is False and body["data"] is None
    return dict(body["error"])


def _cookies(response: TestResponse) -> dict[str, str]:
    return {name: morsel.value for name, morsel in response.cookies.items()}


def _set_cookie_headers(response: TestResponse) -> dict[str, str]:
    return {morsel.key: morsel.OutputString() for morsel in response.cookies.values()}


def _tokens(registered: SessionResult) -> dict[str, str]:
    return {"__Host-access_token": registered.tokens.access.token, "refresh_token": registered.tokens.refresh.token}


# --- gateway signature, health, unknown routes -----------------------------------------


def test_request_without_gateway_signature_is_refused(gateway: GatewayClient) -> None:
    response = gateway.request("POST", LOGIN, json={"email": "a@example.com", "password": "x"}, signed=False)
    assert response.status_code == 401
    assert _error(response)["code"] == "GATEWAY_REQUIRED"


def test_request_with_a_forged_identity_is_refused(gateway: GatewayClient) -> None:
    forged = signed_headers("not-the-gateway-secret", user_id=str(uuid.uuid4()), role="admin", request_id="r")
    response = gateway.client.get(ME, headers=forged)
    assert response.status_code == 401
    assert _error(response)["code"] == "GATEWAY_REQUIRED"


def test_health_answers_without_a_signature(gateway: GatewayClient) -> None:
    response = gateway.request("GET", "/health", signed=False)
    assert response.status_code == 200
    assert _body(response)["data"] == {"status": "ok", "dependencies": {"postgres": "ok", "redis": "ok"}}


def test_health_is_503_when_redis_is_down(gateway: GatewayClient, settings: Settings) -> None:
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = gateway.request("GET", "/health", signed=False)
    assert response.status_code == 503
    error = _error(response)
    assert error["code"] == "SERVICE_UNAVAILABLE"
    assert error["details"] == {"status": "down", "dependencies": {"postgres": "ok", "redis": "down"}}


def test_unknown_route_is_an_enveloped_404(gateway: GatewayClient) -> None:
    response = gateway.request("GET", "/api/v1/auth/nope")
    assert response.status_code == 404
    assert _error(response)["code"] == "NOT_FOUND"


def test_wrong_method_is_an_enveloped_405(gateway: GatewayClient) -> None:
    response = gateway.request("GET", LOGIN)
    assert response.status_code == 405
    assert _error(response)["code"] == "METHOD_NOT_ALLOWED"


def test_response_echoes_a_valid_request_id(gateway: GatewayClient) -> None:
    response = gateway.request("GET", "/health", signed=False)
    uuid.UUID(response["X-Request-ID"])


# --- register -------------------------------------------------------------------------


def test_register_answers_201_with_the_user_and_both_cookies(gateway: GatewayClient) -> None:
    response = gateway.request(
        "POST", REGISTER, json={"email": " New@Example.com ", "password": STRONG_PASSWORD, "name": "New Person"}
    )
    assert response.status_code == 201
    body = _body(response)
    user = body["data"]["user"]
    assert set(user) == {"id", "email", "name", "role", "created_at", "email_verified"}
    assert user["email_verified"] is False
    assert user["email"] == "new@example.com" and user["role"] == "user"
    assert set(_cookies(response)) == {"__Host-access_token", "refresh_token"}


def test_cookies_carry_exactly_the_contract_attributes(gateway: GatewayClient) -> None:
    response = gateway.request(
        "POST", REGISTER, json={"email": "c@example.com", "password": STRONG_PASSWORD, "name": "Cookie Monster"}
    )
    headers = _set_cookie_headers(response)
    access_attrs = set(headers["__Host-access_token"].split("; ")[1:])
    refresh_attrs = set(headers["refresh_token"].split("; ")[1:])
    assert access_attrs == {"HttpOnly", "Secure", "SameSite=Strict", "Path=/", "Max-Age=86400"}
    assert refresh_attrs == {"HttpOnly", "Secure", "SameSite=Strict", "Path=/api/v1/auth/refresh", "Max-Age=604800"}


def test_cookie_secure_can_be_turned_off_by_configuration(gateway: GatewayClient, settings: Settings) -> None:
    settings.COOKIE_SECURE = False
    response = gateway.request(
        "POST", REGISTER, json={"email": "d@example.com", "password": STRONG_PASSWORD, "name": "Dev Eloper"}
    )
    assert "Secure" not in _set_cookie_headers(response)["__Host-access_token"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"email": "not-an-email", "password": STRONG_PASSWORD, "name": "N"}, "email"),
        ({"email": "a@example.com", "password": "short", "name": "N"}, "password"),
        ({"email": "a@example.com", "password": "zebrafinchmango", "name": "N"}, "password"),
        ({"email": "a@example.com", "password": STRONG_PASSWORD}, "name"),
        ({"email": "a@example.com", "password": STRONG_PASSWORD, "name": "   "}, "name"),
        ({"password": STRONG_PASSWORD, "name": "N"}, "email"),
        ({"email": "a@example.com", "password": "A1-" + "x" * 300, "name": "N"}, "password"),
    ],
)
def test_register_validation_errors_name_the_field(gateway: GatewayClient, payload: dict[str, str], field: str) -> None:
    response = gateway.request("POST", REGISTER, json=payload)
    assert response.status_code == 400
    error = _error(response)
    assert error["code"] == "VALIDATION_ERROR"
    assert field in error["details"] and isinstance(error["details"][field], list)
    assert not User.objects.exists()


def test_register_malformed_json_is_a_validation_error(gateway: GatewayClient) -> None:
    response = gateway.client.post(
        REGISTER, data="{not json", content_type="application/json", headers=anonymous_gateway_headers()
    )
    assert response.status_code == 400
    assert _error(response)["code"] == "VALIDATION_ERROR"


def test_register_duplicate_email_in_another_case_is_409(gateway: GatewayClient, user: User) -> None:
    response = gateway.request(
        "POST", REGISTER, json={"email": "DANA@example.com", "password": STRONG_PASSWORD, "name": "Dana Two"}
    )
    assert response.status_code == 409
    assert _error(response)["code"] == "EMAIL_TAKEN"


# --- login ----------------------------------------------------------------------------


def test_login_answers_200_with_user_and_cookies(gateway: GatewayClient, user: User) -> None:
    response = gateway.request("POST", LOGIN, json={"email": "dana@example.com", "password": STRONG_PASSWORD})
    assert response.status_code == 200
    assert _body(response)["data"]["user"]["id"] == str(user.id)
    access = decode_token(_cookies(response)["__Host-access_token"], expected_type="access")
    assert access["user_id"] == str(user.id)


def test_login_unknown_email_and_wrong_password_answer_identically(gateway: GatewayClient, user: User) -> None:
    unknown = gateway.request("POST", LOGIN, json={"email": "ghost@example.com", "password": STRONG_PASSWORD})
    wrong = gateway.request("POST", LOGIN, json={"email": "dana@example.com", "password": "Not-The-Pass-1"})
    assert unknown.status_code == wrong.status_code == 401
    unknown_body, wrong_body = _body(unknown), _body(wrong)
    unknown_body.pop("timestamp"), wrong_body.pop("timestamp")
    assert unknown_body == wrong_body
    assert unknown_body["error"]["code"] == "INVALID_CREDENTIALS"
    assert not _cookies(unknown) and not _cookies(wrong)


# --- refresh --------------------------------------------------------------------------


def test_refresh_answers_200_and_rotates_cookies(gateway: GatewayClient, registered: SessionResult) -> None:
    response = gateway.request("POST", REFRESH, cookies=_tokens(registered))
    assert response.status_code == 200
    assert _body(response)["data"]["user"]["id"] == str(registered.user.id)
    cookies = _cookies(response)
    assert cookies["refresh_token"] != registered.tokens.refresh.token
    assert cookies["__Host-access_token"] != registered.tokens.access.token


def test_refresh_reuse_is_401_token_reused(gateway: GatewayClient, registered: SessionResult) -> None:
    assert gateway.request("POST", REFRESH, cookies=_tokens(registered)).status_code == 200
    response = gateway.request("POST", REFRESH, cookies=_tokens(registered))
    assert response.status_code == 401
    assert _error(response)["code"] == "TOKEN_REUSED"


def test_refresh_without_cookie_is_token_invalid(gateway: GatewayClient) -> None:
    response = gateway.request("POST", REFRESH)
    assert response.status_code == 401
    assert _error(response)["code"] == "TOKEN_INVALID"


def test_refresh_with_an_access_token_is_token_invalid(gateway: GatewayClient, registered: SessionResult) -> None:
    response = gateway.request("POST", REFRESH, cookies={"refresh_token": registered.tokens.access.token})
    assert _error(response)["code"] == "TOKEN_INVALID"


# --- logout ---------------------------------------------------------------------------


def test_logout_clears_both_cookies_on_their_paths(gateway: GatewayClient, registered: SessionResult) -> None:
    response = gateway.request(
        "POST", LOGOUT, user_id=str(registered.user.id), role="user", cookies=_tokens(registered)
    )
    assert response.status_code == 200
    headers = _set_cookie_headers(response)
    assert headers["__Host-access_token"].startswith('__Host-access_token=""')
    assert "Max-Age=0" in headers["__Host-access_token"] and "Path=/;" in headers["__Host-access_token"] + ";"
    assert "Max-Age=0" in headers["refresh_token"] and "Path=/api/v1/auth/refresh" in headers["refresh_token"]


def test_logout_blacklists_and_revokes(gateway: GatewayClient, registered: SessionResult) -> None:
    gateway.request("POST", LOGOUT, user_id=str(registered.user.id), role="user", cookies=_tokens(registered))
    assert redis_client().ttl(blacklist_key(registered.tokens.access.jti)) > 86000
    assert not RefreshToken.objects.filter(revoked=False).exists()
    again = gateway.request("POST", REFRESH, cookies=_tokens(registered))
    assert _error(again)["code"] == "TOKEN_REVOKED"


def test_logout_without_access_cookie_is_auth_required(gateway: GatewayClient) -> None:
    response = gateway.request("POST", LOGOUT)
    assert response.status_code == 401
    assert _error(response)["code"] == "AUTH_REQUIRED"


# --- me -------------------------------------------------------------------------------


def test_me_returns_the_user_the_gateway_vouched_for(gateway: GatewayClient, registered: SessionResult) -> None:
    response = gateway.request(
        "GET",
        ME,
        user_id=str(registered.user.id),
        role="user",
        cookies={"__Host-access_token": registered.tokens.access.token},
    )
    assert response.status_code == 200
    assert _body(response)["data"]["user"]["email"] == "dana@example.com"


def test_me_without_the_access_cookie_is_auth_required(gateway: GatewayClient, user: User) -> None:
    response = gateway.request("GET", ME, user_id=str(user.id), role="user")
    assert response.status_code == 401
    assert _error(response)["code"] == "AUTH_REQUIRED"


def test_me_anonymous_is_auth_required(gateway: GatewayClient) -> None:
    response = gateway.request("GET", ME)
    assert response.status_code == 401
    assert _error(response)["code"] == "AUTH_REQUIRED"


@pytest.mark.parametrize("user_id", [str(uuid.uuid4()), "not-a-uuid"])
def test_me_with_a_cookie_of_another_user_than_the_gateway_vouched_for_is_token_invalid(
    gateway: GatewayClient, registered: SessionResult, user_id: str
) -> None:
    response = gateway.request(
        "GET", ME, user_id=user_id, role="user", cookies={"__Host-access_token": registered.tokens.access.token}
    )
    assert response.status_code == 401
    assert _error(response)["code"] == "TOKEN_INVALID"


def test_me_for_a_deleted_or_inactive_user_is_token_revoked(gateway: GatewayClient, registered: SessionResult) -> None:
    User.objects.filter(id=registered.user.id).update(is_active=False)  # even without the revocation mark
    response = gateway.request(
        "GET",
        ME,
        user_id=str(registered.user.id),
        role="user",
        cookies={"__Host-access_token": registered.tokens.access.token},
    )
    assert response.status_code == 401
    assert _error(response)["code"] == "TOKEN_REVOKED"


def test_delete_me_removes_the_account_and_clears_cookies(gateway: GatewayClient, registered: SessionResult) -> None:
    user_id = str(registered.user.id)
    response = gateway.request(
        "DELETE", ME, json={"password": STRONG_PASSWORD}, user_id=user_id, role="user", cookies=_tokens(registered)
    )
    assert response.status_code == 200
    assert not User.objects.filter(id=user_id).exists()
    assert not RefreshToken.objects.exists()
    assert redis_client().exists(blacklist_key(registered.tokens.access.jti))
    assert "Max-Age=0" in _set_cookie_headers(response)["__Host-access_token"]


def test_delete_me_with_a_wrong_password_is_invalid_credentials_and_keeps_everything(
    gateway: GatewayClient, registered: SessionResult
) -> None:
    user_id = str(registered.user.id)
    response = gateway.request(
        "DELETE", ME, json={"password": "Wrong-Horse-42"}, user_id=user_id, role="user", cookies=_tokens(registered)
    )
    assert (response.status_code, _error(response)["code"]) == (401, "INVALID_CREDENTIALS")
    assert User.objects.filter(id=user_id).exists()
    me = gateway.request("GET", ME, user_id=user_id, role="user", cookies=_tokens(registered))
    assert me.status_code == 200  # the session goes on: a failed re-authentication is not a dead session


def test_delete_me_without_the_password_is_a_validation_error(
    gateway: GatewayClient, registered: SessionResult
) -> None:
    user_id = str(registered.user.id)
    response = gateway.request("DELETE", ME, json={}, user_id=user_id, role="user", cookies=_tokens(registered))
    assert (response.status_code, _error(response)["code"]) == (400, "VALIDATION_ERROR")
    assert "password" in _error(response)["details"]


def test_delete_me_anonymous_is_auth_required(gateway: GatewayClient, user: User) -> None:
    response = gateway.request("DELETE", ME)
    assert _error(response)["code"] == "AUTH_REQUIRED"
    assert User.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        b'{"email": "a@example.com", "password": ',  # cut off
        b'{"email": "a@example.com", "password": NaN}',
        b'{"email": ' + b"[" * 40 + b"]" * 40 + b', "password": "x"}',  # past MAX_JSON_DEPTH
        b"[" * 30_000 + b"]" * 30_000,  # past the json module's recursion limit
    ],
)
def test_malformed_or_deeply_nested_json_is_a_400_validation_error(db: None, body: bytes) -> None:
    response = Client().post(
        "/api/v1/auth/login", data=body, content_type="application/json", headers=anonymous_gateway_headers()
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"
