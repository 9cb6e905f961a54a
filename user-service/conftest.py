"""Fixtures: callers that come through the gateway (signed identity headers) on real PostgreSQL."""

import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from smartbreeds_common.identity import signed_headers


class GatewayCaller:
    """A Django test client whose every request carries the gateway's signed identity."""

    def __init__(self, user_id: str, role: str = "user") -> None:
        self.user_id = user_id
        self.role = role
        self.client = Client()

    def headers(self) -> dict[str, str]:
        return signed_headers(
            settings.GATEWAY_SIGNING_SECRET, user_id=self.user_id, role=self.role, request_id=str(uuid.uuid4())
        )

    def request(self, method: str, path: str, body: Any = None, **extra: Any) -> Any:
        kwargs: dict[str, Any] = {"headers": self.headers(), **extra}
        if body is not None and method.upper() != "GET":
            kwargs["data"] = json.dumps(body)
            kwargs["content_type"] = "application/json"
        return getattr(self.client, method.lower())(path, **kwargs)

    def get(self, path: str, **extra: Any) -> Any:
        return self.request("GET", path, **extra)

    def post(self, path: str, body: Any = None, **extra: Any) -> Any:
        return self.request("POST", path, body, **extra)

    def patch(self, path: str, body: Any = None, **extra: Any) -> Any:
        return self.request("PATCH", path, body, **extra)

    def delete(self, path: str, **extra: Any) -> Any:
        return self.request("DELETE", path, **extra)


@pytest.fixture
def make_caller() -> Callable[..., GatewayCaller]:
    def make(user_id: str | None = None, role: str = "user") -> GatewayCaller:
        return GatewayCaller(str(uuid.uuid4()) if user_id is None else user_id, role)

    return make


@pytest.fixture
def alice(make_caller: Callable[..., GatewayCaller]) -> GatewayCaller:
    return make_caller()


@pytest.fixture
def bob(make_caller: Callable[..., GatewayCaller]) -> GatewayCaller:
    return make_caller()
