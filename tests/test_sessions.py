"""Issue 13, sessions and accounts, end to end through nginx -> gateway -> services on the local stack.

After deletion, deactivation, role change, password change, logout-all and ending one session, every
other token of that user/session answers 401 TOKEN_REVOKED on the very next request, both at the
gateway (GET /api/v1/pets, which only the gateway can refuse before the user service) and at the auth
service (GET /api/v1/auth/me, checked again by the auth service itself). Refresh reuse kills the
session's live access token; the admin bootstrap never promotes an existing account unless told to.
"""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from tests.stack import REPO, LocalStack

pytestmark = pytest.mark.stack

PASSWORD = "correct horse battery 42"
NEW_PASSWORD = "brand new kennel 77"


@dataclass
class Account:
    email: str
    client: httpx.Client  # one browser: its own cookie jar

    @property
    def access_token(self) -> str:
        return self._cookie("__Host-access_token")

    @property
    def refresh_token(self) -> str:
        return self._cookie("refresh_token")

    def _cookie(self, name: str) -> str:
        value = next(c.value for c in self.client.cookies.jar if c.name == name)
        assert value is not None, name
        return value


def _client(stack: LocalStack) -> httpx.Client:
    return httpx.Client(base_url=stack.base_url, verify=False, timeout=60)


def _register(stack: LocalStack) -> Account:
    email = f"s-{uuid.uuid4().hex[:10]}@example.com"
    client = _client(stack)
    response = client.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD, "name": "Sam"})
    assert response.status_code == 201, response.text
    return Account(email, client)


def _login(stack: LocalStack, email: str, password: str = PASSWORD) -> Account:
    """Another browser of the same person: a second session."""
    client = _client(stack)
    response = client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return Account(email, client)


def _code(response: httpx.Response) -> str:
    error = response.json().get("error") or {}  # a 200 has none: the assertion then shows the status
    return str(error.get("code"))


def _replay(stack: LocalStack, access_token: str) -> httpx.Client:
    """A client holding only a given access token (an old cookie kept by a thief or a stale tab)."""
    client = _client(stack)
    client.cookies.set("__Host-access_token", access_token)
    return client


def assert_refused_everywhere(stack: LocalStack, access_token: str) -> None:
    with _replay(stack, access_token) as client:
        at_auth = client.get("/api/v1/auth/me")
        assert (at_auth.status_code, _code(at_auth)) == (401, "TOKEN_REVOKED"), "auth service: " + at_auth.text
        at_gateway = client.get("/api/v1/pets")
        assert (at_gateway.status_code, _code(at_gateway)) == (401, "TOKEN_REVOKED"), "gateway: " + at_gateway.text


def assert_alive(account: Account) -> None:
    assert account.client.get("/api/v1/auth/me").status_code == 200
    assert account.client.get("/api/v1/pets").status_code == 200


@pytest.fixture
def accounts(stack: LocalStack) -> Iterator[list[Account]]:
    opened: list[Account] = []
    yield opened
    for account in opened:
        account.client.close()


@pytest.fixture
def two_sessions(stack: LocalStack, accounts: list[Account]) -> tuple[Account, Account]:
    """One person signed in on a laptop and on a phone."""
    laptop = _register(stack)
    phone = _login(stack, laptop.email)
    accounts.extend([laptop, phone])
    return laptop, phone


@pytest.fixture(scope="module")
def admin(stack: LocalStack) -> Iterator[Account]:
    email = stack.create_admin(PASSWORD)
    account = _login(stack, email)
    yield account
    account.client.close()


def _user_id(account: Account) -> str:
    return str(account.client.get("/api/v1/auth/me").json()["data"]["user"]["id"])


# --- every way a session ends ---------------------------------------------------------------


def test_deleting_the_account_refuses_the_other_browsers_at_once(
    stack: LocalStack, two_sessions: tuple[Account, Account]
) -> None:
    laptop, phone = two_sessions
    phone_access = phone.access_token
    assert laptop.client.request("DELETE", "/api/v1/users/me", json={"password": PASSWORD}).status_code == 200
    assert_refused_everywhere(stack, phone_access)
    with _replay(stack, phone_access) as client:  # the deleted user can no longer write either
        created = client.post("/api/v1/pets", json={"name": "Ghost", "species": "dog"})
    assert (created.status_code, _code(created)) == (401, "TOKEN_REVOKED")


def test_deactivation_refuses_every_session_and_login(
    stack: LocalStack, admin: Account, two_sessions: tuple[Account, Account]
) -> None:
    laptop, phone = two_sessions
    response = admin.client.patch(f"/api/v1/admin/users/{_user_id(laptop)}", json={"is_active": False})
    assert response.status_code == 200, response.text
    assert_refused_everywhere(stack, laptop.access_token)
    assert_refused_everywhere(stack, phone.access_token)
    with _client(stack) as client:
        login = client.post("/api/v1/auth/login", json={"email": laptop.email, "password": PASSWORD})
    # the right password learns the account is deactivated (a wrong one still gets INVALID_CREDENTIALS)
    assert (login.status_code, _code(login)) == (403, "ACCOUNT_DISABLED")


def test_role_change_refuses_every_session(
    stack: LocalStack, admin: Account, two_sessions: tuple[Account, Account]
) -> None:
    laptop, phone = two_sessions
    response = admin.client.patch(f"/api/v1/admin/users/{_user_id(laptop)}", json={"role": "admin"})
    assert response.status_code == 200, response.text
    assert_refused_everywhere(stack, laptop.access_token)
    assert_refused_everywhere(stack, phone.access_token)


def test_password_change_keeps_this_browser_and_refuses_the_others(
    stack: LocalStack, two_sessions: tuple[Account, Account]
) -> None:
    laptop, phone = two_sessions
    old_laptop_access = laptop.access_token
    response = laptop.client.post(
        "/api/v1/auth/password", json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 200, response.text
    assert_alive(laptop)  # fresh cookies, valid at once
    assert_refused_everywhere(stack, phone.access_token)
    assert_refused_everywhere(stack, old_laptop_access)
    _login(stack, laptop.email, NEW_PASSWORD).client.close()


def test_logout_all_refuses_every_session(stack: LocalStack, two_sessions: tuple[Account, Account]) -> None:
    laptop, phone = two_sessions
    phone_access = phone.access_token
    assert phone.client.post("/api/v1/auth/logout-all").status_code == 200
    assert_refused_everywhere(stack, laptop.access_token)
    assert_refused_everywhere(stack, phone_access)


def test_ending_one_session_refuses_only_its_tokens(stack: LocalStack, two_sessions: tuple[Account, Account]) -> None:
    laptop, phone = two_sessions
    listed = laptop.client.get("/api/v1/auth/sessions")
    assert listed.status_code == 200, listed.text
    sessions = listed.json()["data"]
    assert len(sessions) == 2 and sum(item["current"] for item in sessions) == 1
    assert all(item["ip"] in (None, "127.0.0.x") for item in sessions)  # masked, never the full address
    other = next(item["id"] for item in sessions if not item["current"])
    assert laptop.client.delete(f"/api/v1/auth/sessions/{other}").status_code == 200
    assert_refused_everywhere(stack, phone.access_token)
    assert_alive(laptop)
    refresh = phone.client.post("/api/v1/auth/refresh")
    assert (refresh.status_code, _code(refresh)) == (401, "TOKEN_REVOKED")


def test_refresh_reuse_refuses_the_sessions_live_access_token(stack: LocalStack, accounts: list[Account]) -> None:
    victim = _register(stack)
    accounts.append(victim)
    stolen_refresh = victim.refresh_token
    assert victim.client.post("/api/v1/auth/refresh").status_code == 200
    live_access = victim.access_token
    with _client(stack) as thief:
        thief.cookies.set("refresh_token", stolen_refresh, path="/api/v1/auth/refresh")
        reused = thief.post("/api/v1/auth/refresh")
    assert _code(reused) == "TOKEN_REUSED"
    assert_refused_everywhere(stack, live_access)


# --- admin bootstrap --------------------------------------------------------------------------


def _manage(stack: LocalStack, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(REPO / "auth-service/.venv/bin/python"), "manage.py", *args],
        cwd=REPO / "auth-service", env={**stack.env, **(env or {})}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_bootstrap_refuses_to_promote_then_promotes_with_the_flag_and_ends_old_sessions(
    stack: LocalStack, accounts: list[Account]
) -> None:
    squatter = _register(stack)  # registered the address an operator later makes admin
    accounts.append(squatter)
    at_start = _manage(stack, "ensure_admin", env={"ADMIN_EMAIL": squatter.email, "ADMIN_PASSWORD": NEW_PASSWORD})
    assert at_start.returncode == 0, at_start.stderr  # start-up carries on
    assert "not an admin" in at_start.stderr
    refused = _manage(stack, "create_admin", "--email", squatter.email, "--password", NEW_PASSWORD)
    assert refused.returncode != 0 and "--promote-existing" in refused.stderr
    me = squatter.client.get("/api/v1/auth/me")
    assert me.json()["data"]["user"]["role"] == "user"
    assert squatter.client.post("/api/v1/auth/refresh").json()["data"]["user"]["role"] == "user"
    old_access, old_refresh = squatter.access_token, squatter.refresh_token

    promoted = _manage(
        stack, "create_admin", "--email", squatter.email, "--password", NEW_PASSWORD, "--promote-existing"
    )
    assert promoted.returncode == 0, promoted.stderr
    assert_refused_everywhere(stack, old_access)
    with _client(stack) as client:
        client.cookies.set("refresh_token", old_refresh, path="/api/v1/auth/refresh")
        refresh = client.post("/api/v1/auth/refresh")
    assert (refresh.status_code, _code(refresh)) == (401, "TOKEN_REVOKED")  # no role "admin" for the old session
    with _client(stack) as client:
        old_password = client.post("/api/v1/auth/login", json={"email": squatter.email, "password": PASSWORD})
        assert old_password.status_code == 401
        login = client.post("/api/v1/auth/login", json={"email": squatter.email, "password": NEW_PASSWORD})
    assert login.json()["data"]["user"]["role"] == "admin"
