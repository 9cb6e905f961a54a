"""Admin routes: the role is verified here too; deactivation and role changes end sessions at once;
the platform never loses its last active admin, even when two admins act at the same moment."""

from __future__ import annotations

import threading
import time
import uuid
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection
from smartbreeds_common.errors import ApplicationError

from apps.accounts import selectors, services
from apps.accounts.models import Role, User
from apps.accounts.services import SessionResult
from apps.accounts.tests.conftest import STRONG_PASSWORD, GatewayClient

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db

USERS = "/api/v1/admin/users"
ME = "/api/v1/auth/me"


def _make_admin(email: str = "skinner@example.com") -> SessionResult:
    result = services.user_register(email=email, password=STRONG_PASSWORD, name="Walter Skinner")
    User.objects.filter(id=result.user.id).update(role=Role.ADMIN)
    # Log in again so the tokens carry the admin role, as the gateway would see them.
    return services.session_login(email=email, password=STRONG_PASSWORD)


@pytest.fixture
def admin() -> SessionResult:
    return _make_admin()


def _call(gateway: GatewayClient, method: str, path: str, caller: SessionResult, **kwargs: Any) -> TestResponse:
    return gateway.request(
        method,
        path,
        user_id=str(caller.user.id),
        role=caller.user.role,
        cookies={"__Host-access_token": caller.tokens.access.token},
        **kwargs,
    )


def _code(response: TestResponse) -> str:
    return str(response.json()["error"]["code"])


def _me_code(gateway: GatewayClient, result: SessionResult) -> str:
    response = gateway.request(
        "GET", ME, user_id=str(result.user.id), role="user", cookies={"__Host-access_token": result.tokens.access.token}
    )
    return "OK" if response.status_code == 200 else _code(response)


# --- who may call -------------------------------------------------------------------------


def test_a_user_is_refused_by_the_gateway_role(gateway: GatewayClient, registered: SessionResult) -> None:
    response = _call(gateway, "GET", USERS, registered)
    assert (response.status_code, _code(response)) == (403, "FORBIDDEN")


def test_an_admin_role_the_database_does_not_confirm_is_refused(
    gateway: GatewayClient, registered: SessionResult
) -> None:
    response = gateway.request(
        "GET",
        USERS,
        user_id=str(registered.user.id),
        role="admin",  # signed by the gateway, but this account is not an admin
        cookies={"__Host-access_token": registered.tokens.access.token},
    )
    assert (response.status_code, _code(response)) == (403, "FORBIDDEN")


def test_admin_routes_need_the_access_cookie(gateway: GatewayClient, admin: SessionResult) -> None:
    response = gateway.request("GET", USERS, user_id=str(admin.user.id), role="admin")
    assert (response.status_code, _code(response)) == (401, "AUTH_REQUIRED")


# --- listing ------------------------------------------------------------------------------


def test_list_users_searches_and_pages(gateway: GatewayClient, admin: SessionResult, registered: SessionResult) -> None:
    for n in range(3):
        services.user_register(email=f"agent{n}@fbi.example", password=STRONG_PASSWORD, name=f"Agent {n}")
    page = _call(gateway, "GET", f"{USERS}?q=FBI&page=2&page_size=2", admin)
    assert page.status_code == 200
    data = page.json()["data"]
    assert (data["total"], data["page"], data["page_size"]) == (3, 2, 2)
    assert [item["user"]["email"] for item in data["items"]] == ["agent2@fbi.example"]
    item = data["items"][0]
    assert set(item) == {"user", "is_active", "last_login"} and item["is_active"] is True
    everyone = _call(gateway, "GET", USERS, admin).json()["data"]
    assert everyone["total"] == 5 and everyone["page_size"] == 20


@pytest.mark.parametrize("query", ["page=0", "page_size=101", "page=x"])
def test_list_users_refuses_bad_paging(gateway: GatewayClient, admin: SessionResult, query: str) -> None:
    response = _call(gateway, "GET", f"{USERS}?{query}", admin)
    assert (response.status_code, _code(response)) == (400, "VALIDATION_ERROR")


# --- deactivation, role change ------------------------------------------------------------


def test_deactivation_ends_the_users_sessions_and_blocks_login(
    gateway: GatewayClient, admin: SessionResult, registered: SessionResult
) -> None:
    response = _call(gateway, "PATCH", f"{USERS}/{registered.user.id}", admin, json={"is_active": False})
    assert response.status_code == 200
    assert response.json()["data"]["is_active"] is False
    assert _me_code(gateway, registered) == "TOKEN_REVOKED"
    refresh = gateway.request(
        "POST", "/api/v1/auth/refresh", cookies={"refresh_token": registered.tokens.refresh.token}
    )
    assert _code(refresh) == "TOKEN_REVOKED"
    login = gateway.request(
        "POST", "/api/v1/auth/login", json={"email": "dana@example.com", "password": STRONG_PASSWORD}
    )
    assert (login.status_code, _code(login)) == (403, "ACCOUNT_DISABLED")
    _call(gateway, "PATCH", f"{USERS}/{registered.user.id}", admin, json={"is_active": True})
    again = gateway.request(
        "POST", "/api/v1/auth/login", json={"email": "dana@example.com", "password": STRONG_PASSWORD}
    )
    assert again.status_code == 200


def test_role_change_ends_the_users_sessions(
    gateway: GatewayClient, admin: SessionResult, registered: SessionResult
) -> None:
    response = _call(gateway, "PATCH", f"{USERS}/{registered.user.id}", admin, json={"role": "admin"})
    assert response.status_code == 200
    assert response.json()["data"]["user"]["role"] == "admin"
    assert _me_code(gateway, registered) == "TOKEN_REVOKED"


def test_a_change_that_changes_nothing_keeps_the_sessions(
    gateway: GatewayClient, admin: SessionResult, registered: SessionResult
) -> None:
    response = _call(gateway, "PATCH", f"{USERS}/{registered.user.id}", admin, json={"role": "user", "is_active": True})
    assert response.status_code == 200
    assert _me_code(gateway, registered) == "OK"


@pytest.mark.parametrize("user_id", [str(uuid.uuid4()), "not-a-uuid"])
def test_unknown_user_is_404(gateway: GatewayClient, admin: SessionResult, user_id: str) -> None:
    response = _call(gateway, "PATCH", f"{USERS}/{user_id}", admin, json={"is_active": False})
    assert (response.status_code, _code(response)) == (404, "USER_NOT_FOUND")


@pytest.mark.parametrize("body", [{}, {"role": "root"}, {"is_active": "maybe"}])
def test_bad_update_bodies_are_validation_errors(
    gateway: GatewayClient, admin: SessionResult, registered: SessionResult, body: dict[str, Any]
) -> None:
    response = _call(gateway, "PATCH", f"{USERS}/{registered.user.id}", admin, json=body)
    assert (response.status_code, _code(response)) == (400, "VALIDATION_ERROR")


@pytest.mark.parametrize("body", [{"is_active": False}, {"role": "user"}])
def test_the_last_active_admin_cannot_be_removed(
    gateway: GatewayClient, admin: SessionResult, body: dict[str, Any]
) -> None:
    response = _call(gateway, "PATCH", f"{USERS}/{admin.user.id}", admin, json=body)
    assert (response.status_code, _code(response)) == (409, "LAST_ADMIN")
    admin.user.refresh_from_db()
    assert admin.user.role == Role.ADMIN and admin.user.is_active
    assert _me_code(gateway, admin) == "OK"


def test_an_admin_can_step_down_when_another_remains(gateway: GatewayClient, admin: SessionResult) -> None:
    _make_admin("scully@example.com")
    response = _call(gateway, "PATCH", f"{USERS}/{admin.user.id}", admin, json={"role": "user"})
    assert response.status_code == 200
    assert _me_code(gateway, admin) == "TOKEN_REVOKED"


def test_a_stale_admin_token_after_demotion_is_refused(gateway: GatewayClient, admin: SessionResult) -> None:
    other = _make_admin("scully@example.com")
    _call(gateway, "PATCH", f"{USERS}/{admin.user.id}", other, json={"role": "user"})
    response = _call(gateway, "GET", USERS, admin)  # the gateway still signs role=admin from the old token
    assert (response.status_code, _code(response)) == (401, "TOKEN_REVOKED")


@pytest.mark.django_db(transaction=True)
def test_two_admins_demoting_each_other_at_once_leave_one_admin(monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = _make_admin("a1@example.com").user, _make_admin("a2@example.com").user
    lookup = selectors.user_get_for_update

    def slow_lookup(**kwargs: Any) -> User | None:
        found = lookup(**kwargs)
        time.sleep(0.3)  # widen the window between checking the admins and writing the change
        return found

    monkeypatch.setattr(selectors, "user_get_for_update", slow_lookup)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def demote(actor: User, target: User) -> None:
        try:
            barrier.wait()
            services.admin_user_update(admin=actor, user_id=str(target.id), role="user")
            outcomes.append("ok")
        except ApplicationError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=demote, args=pair) for pair in ((first, second), (second, first))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["LAST_ADMIN", "ok"]
    assert User.objects.filter(role=Role.ADMIN, is_active=True).count() == 1
