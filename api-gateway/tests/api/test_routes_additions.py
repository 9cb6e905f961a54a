"""The contract's "Additions" routes: where each goes and who may call it."""

import pytest

from tests.conftest import make_token


@pytest.mark.parametrize(
    ("method", "path", "service"),
    [
        ("POST", "/api/v1/auth/password", "auth"),
        ("POST", "/api/v1/auth/logout-all", "auth"),
        ("GET", "/api/v1/auth/sessions", "auth"),
        ("DELETE", "/api/v1/auth/sessions/3f0e", "auth"),
        ("POST", "/api/v1/analyses/a1/breed", "ai"),
        ("POST", "/api/v1/analyses/a1/save", "ai"),
        ("GET", "/api/v1/breeds", "ai"),
        ("GET", "/api/v1/rag/documents/d1", "ai"),
    ],
)
def test_user_routes_are_forwarded(gateway, upstreams, method, path, service):
    gateway.cookies.set("__Host-access_token", make_token())
    response = gateway.request(method, path, json={} if method == "POST" else None)
    assert response.status_code == 200, response.text
    assert upstreams[service].seen[-1].path == path
    assert upstreams[service].seen[-1].method == method


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", "/api/v1/auth/logout-all"), ("GET", "/api/v1/breeds"), ("GET", "/api/v1/rag/documents/d1")],
)
def test_user_routes_need_a_cookie(gateway, upstreams, method, path):
    assert gateway.request(method, path).status_code == 401


def test_session_routes_get_the_cookies(gateway, upstreams):
    gateway.cookies.set("__Host-access_token", make_token())
    gateway.cookies.set("refresh_token", "r")
    gateway.delete("/api/v1/auth/sessions/3f0e")
    assert "refresh_token=r" in upstreams["auth"].headers_of()["cookie"][0]


def test_reading_a_document_is_for_users_and_deleting_it_for_admins(gateway, upstreams):
    gateway.cookies.set("__Host-access_token", make_token(role="user"))
    assert gateway.get("/api/v1/rag/documents/d1").status_code == 200
    response = gateway.delete("/api/v1/rag/documents/d1")
    assert response.status_code == 403 and response.json()["error"]["code"] == "FORBIDDEN"
    gateway.cookies.set("__Host-access_token", make_token(role="admin"))
    assert gateway.delete("/api/v1/rag/documents/d1").status_code == 200
    assert [seen.method for seen in upstreams["ai"].seen] == ["GET", "DELETE"]


@pytest.mark.parametrize(("method", "path"), [("GET", "/api/v1/admin/users"), ("PATCH", "/api/v1/admin/users/u1")])
def test_admin_routes_are_for_admins_and_go_to_the_auth_service(gateway, upstreams, method, path):
    gateway.cookies.set("__Host-access_token", make_token(role="user"))
    assert gateway.request(method, path, json={} if method == "PATCH" else None).status_code == 403
    assert upstreams["auth"].seen == []
    gateway.cookies.set("__Host-access_token", make_token(role="admin"))
    assert (
        gateway.request(
            method, path, params={"q": "ann"} if method == "GET" else None, json={} if method == "PATCH" else None
        ).status_code
        == 200
    )
    assert upstreams["auth"].headers_of()["x-user-role"] == ["admin"]
    assert "cookie" in upstreams["auth"].headers_of()  # the auth service re-checks the admin's own token


def test_save_answers_the_services_201(gateway, upstreams):
    from starlette.responses import JSONResponse

    from smartbreeds_common.envelope import success

    upstreams["ai"].responder = lambda request, body: JSONResponse(success({"id": "p"}), status_code=201)
    gateway.cookies.set("__Host-access_token", make_token())
    assert gateway.post("/api/v1/analyses/a1/save", json={"name": "Rex"}).status_code == 201


def test_account_routes_stay_with_the_gateway(gateway, upstreams):
    gateway.cookies.set("__Host-access_token", make_token())
    assert gateway.patch("/api/v1/users/me", json={}).status_code == 200  # forwarded
    assert gateway.put("/api/v1/users/me").status_code == 405
