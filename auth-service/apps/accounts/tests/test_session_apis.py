"""Sessions and revocation over HTTP: password change, logout-all, listing and ending sessions, refresh
reuse, deletion. After each, every affected token answers 401 TOKEN_REVOKED on the very next request."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

import pytest
from pytest_django.fixtures import Settings

from apps.accounts import services
from apps.accounts.client_info import Device
from apps.accounts.models import Session, User
from apps.accounts.passwords import verify_password
from apps.accounts.services import SessionResult
from apps.accounts.tests.conftest import STRONG_PASSWORD, GatewayClient, anonymous_gateway_headers
from apps.accounts.tokens import decode_token

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db

ME = "/api/v1/auth/me"
REFRESH = "/api/v1/auth/refresh"
PASSWORD = "/api/v1/auth/password"
LOGOUT_ALL = "/api/v1/auth/logout-all"
SESSIONS = "/api/v1/auth/sessions"
NEW_PASSWORD = "Brand-New-Kennel-9"


def _cookies(result: SessionResult) -> dict[str, str]:
    return {"__Host-access_token": result.tokens.access.token, "refresh_token": result.tokens.refresh.token}


def _call(gateway: GatewayClient, method: str, path: str, result: SessionResult, **kwargs: Any) -> TestResponse:
    return gateway.request(
        method, path, user_id=str(result.user.id), role=result.user.role, cookies=_cookies(result), **kwargs
    )


def _code(response: TestResponse) -> str:
    return str(response.json()["error"]["code"])


def _second_session(result: SessionResult, device: Device | None = None) -> SessionResult:
    return services.session_login(email=result.user.email, password=STRONG_PASSWORD, device=device)


def _response_cookies(response: TestResponse) -> dict[str, str]:
    return {name: morsel.value for name, morsel in response.cookies.items()}


def _assert_revoked(gateway: GatewayClient, result: SessionResult) -> None:
    """The session's access token at /me and its refresh token at /refresh are both refused."""
    me = _call(gateway, "GET", ME, result)
    assert (me.status_code, _code(me)) == (401, "TOKEN_REVOKED")
    refresh = gateway.request("POST", REFRESH, cookies=_cookies(result))
    assert (refresh.status_code, _code(refresh)) == (401, "TOKEN_REVOKED")


def _assert_alive(gateway: GatewayClient, result: SessionResult) -> None:
    assert _call(gateway, "GET", ME, result).status_code == 200


# --- password change --------------------------------------------------------------------


def test_password_change_keeps_this_session_with_fresh_cookies_and_ends_the_others(
    gateway: GatewayClient, registered: SessionResult
) -> None:
    other = _second_session(registered)
    response = _call(
        gateway, "POST", PASSWORD, registered, json={"current_password": STRONG_PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 200
    assert response.json()["data"]["user"]["id"] == str(registered.user.id)
    fresh = _response_cookies(response)
    assert decode_token(fresh["__Host-access_token"], expected_type="access")["sid"] == str(
        registered.tokens.session_id
    )
    fresh_me = gateway.request(
        "GET",
        ME,
        user_id=str(registered.user.id),
        role="user",
        cookies={"__Host-access_token": fresh["__Host-access_token"]},
    )
    assert fresh_me.status_code == 200  # issued right after the user mark: still valid
    assert gateway.request("POST", REFRESH, cookies={"refresh_token": fresh["refresh_token"]}).status_code == 200
    _assert_revoked(gateway, other)
    _assert_revoked(gateway, registered)  # this session's old cookies too
    assert verify_password(User.objects.get().password_hash, NEW_PASSWORD)
    live = Session.objects.filter(revoked_at__isnull=True).values_list("id", flat=True)
    assert list(live) == [registered.tokens.session_id]


def test_password_change_with_a_wrong_current_password_changes_nothing(
    gateway: GatewayClient, registered: SessionResult
) -> None:
    other = _second_session(registered)
    response = _call(
        gateway,
        "POST",
        PASSWORD,
        registered,
        json={"current_password": "Wrong-Password-1", "new_password": NEW_PASSWORD},
    )
    assert (response.status_code, _code(response)) == (401, "INVALID_CREDENTIALS")
    assert verify_password(User.objects.get().password_hash, STRONG_PASSWORD)
    _assert_alive(gateway, other)


def test_password_change_to_a_weak_password_is_a_validation_error(
    gateway: GatewayClient, registered: SessionResult
) -> None:
    response = _call(
        gateway, "POST", PASSWORD, registered, json={"current_password": STRONG_PASSWORD, "new_password": "short"}
    )
    assert (response.status_code, _code(response)) == (400, "VALIDATION_ERROR")
    assert "new_password" in response.json()["error"]["details"]
    _assert_alive(gateway, registered)


# --- logout-all ---------------------------------------------------------------------------


def test_logout_all_ends_every_session_and_clears_the_cookies(
    gateway: GatewayClient, registered: SessionResult
) -> None:
    other = _second_session(registered)
    response = _call(gateway, "POST", LOGOUT_ALL, registered)
    assert response.status_code == 200
    assert all(morsel["max-age"] == 0 for morsel in response.cookies.values())
    _assert_revoked(gateway, registered)
    _assert_revoked(gateway, other)
    assert not Session.objects.filter(revoked_at__isnull=True).exists()


def test_login_right_after_logout_all_gives_working_cookies(gateway: GatewayClient, registered: SessionResult) -> None:
    _call(gateway, "POST", LOGOUT_ALL, registered)
    _assert_alive(gateway, _second_session(registered))


# --- listing and ending sessions ----------------------------------------------------------


def test_sessions_lists_devices_with_a_masked_address_and_flags_the_current_one(
    gateway: GatewayClient, registered: SessionResult
) -> None:
    phone = _second_session(registered, Device.from_raw(user_agent="Phone/1.0 " + "x" * 400, ip="203.0.113.77"))
    response = _call(gateway, "GET", SESSIONS, phone)
    assert response.status_code == 200
    sessions = {item["id"]: item for item in response.json()["data"]}
    assert set(sessions) == {str(registered.tokens.session_id), str(phone.tokens.session_id)}
    mine = sessions[str(phone.tokens.session_id)]
    assert set(mine) == {"id", "created_at", "last_used_at", "user_agent", "ip", "current"}
    assert mine["current"] is True and sessions[str(registered.tokens.session_id)]["current"] is False
    assert mine["ip"] == "203.0.113.x"
    assert mine["user_agent"].startswith("Phone/1.0") and len(mine["user_agent"]) == 255


def test_login_records_the_address_the_gateway_forwarded_masked(gateway: GatewayClient, user: User) -> None:
    response = gateway.client.post(
        "/api/v1/auth/login",
        data={"email": "dana@example.com", "password": STRONG_PASSWORD},
        content_type="application/json",
        headers={
            **anonymous_gateway_headers(),
            "X-Real-IP": "2001:db8:abcd:12::1",
            "User-Agent": "Firefox/140",
        },
    )
    assert response.status_code == 200
    sid = decode_token(_response_cookies(response)["__Host-access_token"], expected_type="access")["sid"]
    session = Session.objects.get(id=sid)
    assert (session.ip, session.user_agent) == ("2001:db8:abcd::/48", "Firefox/140")


def test_ending_one_session_refuses_its_tokens_and_spares_the_others(
    gateway: GatewayClient, registered: SessionResult
) -> None:
    other = _second_session(registered)
    response = _call(gateway, "DELETE", f"{SESSIONS}/{other.tokens.session_id}", registered)
    assert response.status_code == 200
    assert not response.cookies  # not the caller's own session: its cookies stay
    _assert_revoked(gateway, other)
    _assert_alive(gateway, registered)
    listed = _call(gateway, "GET", SESSIONS, registered).json()["data"]
    assert [item["id"] for item in listed] == [str(registered.tokens.session_id)]


def test_ending_the_current_session_clears_its_cookies(gateway: GatewayClient, registered: SessionResult) -> None:
    response = _call(gateway, "DELETE", f"{SESSIONS}/{registered.tokens.session_id}", registered)
    assert response.status_code == 200
    assert response.cookies["__Host-access_token"]["max-age"] == 0
    _assert_revoked(gateway, registered)


@pytest.mark.parametrize("which", ["another users", "unknown", "malformed"])
def test_ending_a_session_that_is_not_mine_is_404(
    gateway: GatewayClient, registered: SessionResult, which: str
) -> None:
    stranger = services.user_register(email="mulder@example.com", password=STRONG_PASSWORD, name="Fox Mulder")
    target = {
        "another users": str(stranger.tokens.session_id),
        "unknown": str(uuid.uuid4()),
        "malformed": "not-a-session",
    }[which]
    response = _call(gateway, "DELETE", f"{SESSIONS}/{target}", registered)
    assert (response.status_code, _code(response)) == (404, "SESSION_NOT_FOUND")
    _assert_alive(gateway, stranger)


def test_refresh_updates_last_used_at(gateway: GatewayClient, registered: SessionResult) -> None:
    before = Session.objects.get().last_used_at
    assert gateway.request("POST", REFRESH, cookies=_cookies(registered)).status_code == 200
    assert Session.objects.get().last_used_at > before


# --- refresh reuse, deletion --------------------------------------------------------------


def test_refresh_reuse_refuses_the_sessions_live_access_token_at_once(
    gateway: GatewayClient, registered: SessionResult
) -> None:
    rotated = gateway.request("POST", REFRESH, cookies=_cookies(registered))
    live_access = _response_cookies(rotated)["__Host-access_token"]
    reuse = gateway.request("POST", REFRESH, cookies=_cookies(registered))
    assert _code(reuse) == "TOKEN_REUSED"
    me = gateway.request(
        "GET", ME, user_id=str(registered.user.id), role="user", cookies={"__Host-access_token": live_access}
    )
    assert (me.status_code, _code(me)) == (401, "TOKEN_REVOKED")
    assert Session.objects.get().revoked_at is not None


def test_deleting_the_account_refuses_every_other_session_at_once(
    gateway: GatewayClient, registered: SessionResult
) -> None:
    other = _second_session(registered)
    assert _call(gateway, "DELETE", ME, registered, json={"password": STRONG_PASSWORD}).status_code == 200
    me = _call(gateway, "GET", ME, other)
    assert (me.status_code, _code(me)) == (401, "TOKEN_REVOKED")
    assert not Session.objects.exists() and not User.objects.exists()


def test_a_revocation_check_without_redis_is_503_never_a_pass(
    gateway: GatewayClient, registered: SessionResult, settings: Settings
) -> None:
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = _call(gateway, "GET", ME, registered)
    assert (response.status_code, _code(response)) == (503, "SERVICE_UNAVAILABLE")


def test_a_lookalike_email_is_the_same_account(gateway: GatewayClient, user: User) -> None:
    response = gateway.request(
        "POST", "/api/v1/auth/register", json={"email": "DANA@EXAMPLE.COM", "password": STRONG_PASSWORD, "name": "D"}
    )
    assert _code(response) == "EMAIL_TAKEN"
    lookalike = gateway.request(
        "POST",
        "/api/v1/auth/register",
        json={"email": "\uff44ana@example.com", "password": STRONG_PASSWORD, "name": "D"},
    )
    assert (lookalike.status_code, _code(lookalike)) == (409, "EMAIL_TAKEN")
    login = gateway.request(
        "POST", "/api/v1/auth/login", json={"email": "dana\uff20example.com", "password": STRONG_PASSWORD}
    )
    assert login.status_code == 200
