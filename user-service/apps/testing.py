"""Assertions on the contract's envelope, shared by the test modules."""

from typing import Any


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    """The response is the contract's error envelope with this status and code."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"success", "data", "error", "timestamp"}
    assert body["success"] is False
    assert body["data"] is None
    assert body["error"]["code"] == code
    assert body["timestamp"].endswith("Z")
    assert response.headers["X-Request-ID"]
    return dict(body["error"])


def assert_ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["success"] is True
    assert body["error"] is None
    assert body["timestamp"].endswith("Z")
    return body["data"]
