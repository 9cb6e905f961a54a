import json

from starlette.responses import JSONResponse

from smartbreeds_common.envelope import success
from tests.conftest import make_token
from tests.upstream import health_responder


def test_health_reports_each_service(gateway, upstreams):
    upstreams["auth"].responder = health_responder({"postgres": "ok", "redis": "ok"})
    upstreams["user"].responder = health_responder({"postgres": "ok"})
    upstreams["ai"].responder = health_responder({"postgres": "ok", "redis": "ok", "ollama": "down", "chroma": "ok"})
    body = gateway.get("/api/v1/health").json()
    assert body["success"] is True
    assert body["data"]["services"] == {
        "auth": "ok",
        "user": "ok",
        "ai": "ok",
        "redis": "ok",
        "postgres": "ok",
        "ollama": "down",
        "chroma": "ok",
    }
    assert body["data"]["status"] == "degraded"


def test_health_is_down_when_a_core_service_is_down(gateway_factory, upstreams):
    upstreams["auth"].responder = health_responder({"postgres": "ok"})
    upstreams["ai"].responder = health_responder({"postgres": "ok", "ollama": "ok", "chroma": "ok"})
    gateway = gateway_factory(user_service_url="http://127.0.0.1:1")
    response = gateway.get("/api/v1/health")
    assert response.status_code == 503
    assert response.json()["data"]["status"] == "down"
    assert response.json()["data"]["services"]["user"] == "down"


def test_dashboard_with_one_upstream_down_still_answers(gateway_factory, upstreams):
    upstreams["user"].responder = lambda request, body: JSONResponse(success([{"id": "p1"}]))
    gateway = gateway_factory(ai_service_url="http://127.0.0.1:1", retry_attempts=1)
    gateway.cookies.set("__Host-access_token", make_token())
    response = gateway.get("/api/v1/dashboard")
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["pets"] == [{"id": "p1"}]
    assert data["recent_analyses"] == [{"id": "p1"}]
    assert data["recommendations"] is None
    assert data["degraded"] == ["recommendations"]


def test_account_deletion_is_the_auth_services_alone(gateway, upstreams):
    """The auth service deletes the account and records the erasure jobs its worker delivers."""
    upstreams["user"].reset()
    upstreams["ai"].reset()
    gateway.cookies.set("__Host-access_token", make_token())
    response = gateway.request("DELETE", "/api/v1/users/me", json={"password": "Correct-Horse-42"})
    assert response.status_code == 200
    assert (upstreams["auth"].seen[-1].method, upstreams["auth"].seen[-1].path) == ("DELETE", "/api/v1/auth/me")
    assert json.loads(upstreams["auth"].seen[-1].body) == {"password": "Correct-Horse-42"}  # checked there
    assert "access_token=" in upstreams["auth"].headers_of()["cookie"][0]
    assert upstreams["user"].seen == [] and upstreams["ai"].seen == []


def test_account_deletion_without_the_password_is_refused_before_the_auth_service(gateway, upstreams):
    upstreams["auth"].reset()
    gateway.cookies.set("__Host-access_token", make_token())
    response = gateway.delete("/api/v1/users/me")
    assert (response.status_code, response.json()["error"]["code"]) == (400, "VALIDATION_ERROR")
    assert upstreams["auth"].seen == []


def test_account_deletion_passes_the_auth_services_failure_on(gateway_factory, upstreams):
    gateway = gateway_factory(auth_service_url="http://127.0.0.1:1", retry_attempts=1)
    gateway.cookies.set("__Host-access_token", make_token())
    response = gateway.request("DELETE", "/api/v1/users/me", json={"password": "Correct-Horse-42"})
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "SERVICE_UNAVAILABLE"
