"""The whole local stack answers through nginx: aggregated health and the frontend shell."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.stack import REPO, LocalStack

pytestmark = pytest.mark.stack

SERVICES_IN_HEALTH = {"auth", "user", "ai", "redis", "postgres", "ollama", "chroma"}


def test_health_through_nginx_reports_every_service(stack: LocalStack) -> None:
    request_id = str(uuid.uuid4())
    response = httpx.get(f"{stack.base_url}/api/v1/health", verify=False, headers={"X-Request-ID": request_id})
    body = response.json()
    assert response.status_code == 200, body
    assert set(body) == {"success", "data", "error", "timestamp"}
    assert body["success"] is True and body["error"] is None and body["timestamp"].endswith("Z")
    assert set(body["data"]["services"]) >= SERVICES_IN_HEALTH
    assert body["data"]["status"] in {"ok", "degraded"}
    assert response.headers["X-Request-ID"] == request_id


def test_health_names_auth_user_ai_up(stack: LocalStack) -> None:
    services = httpx.get(f"{stack.base_url}/api/v1/health", verify=False).json()["data"]["services"]
    for name in ("auth", "user", "ai", "redis", "postgres"):
        state = services[name]
        assert (state if isinstance(state, str) else state.get("status")) == "ok", (name, state)


def test_root_serves_the_frontend_shell(stack: LocalStack) -> None:
    if not (REPO / "frontend" / "package.json").exists():
        pytest.skip("frontend/ is not in this checkout yet")
    assert stack.frontend_error is None, stack.frontend_error
    response = httpx.get(f"{stack.base_url}/", verify=False)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<div id="root"' in response.text


def test_frontend_renders_in_a_browser(stack: LocalStack, page: Any) -> None:
    if not (REPO / "frontend" / "package.json").exists():
        pytest.skip("frontend/ is not in this checkout yet")
    assert stack.frontend_error is None, stack.frontend_error
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(stack.base_url + "/")
    page.wait_for_function("document.querySelector('#root') && document.querySelector('#root').children.length > 0")
    assert errors == []
