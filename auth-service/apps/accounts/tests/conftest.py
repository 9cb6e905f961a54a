"""Fixtures: a client that signs requests like the gateway, real users, and Redis clean-up."""

from __future__ import annotations

import json as jsonlib
import uuid
from collections.abc import Iterator
from http.cookies import SimpleCookie
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings
from django.test import Client
from smartbreeds_common.identity import signed_headers

from apps.accounts.models import User
from apps.accounts.revocation import redis_client
from apps.accounts.services import SessionResult, user_register

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

STRONG_PASSWORD = "Correct-Horse-42"


def anonymous_gateway_headers() -> dict[str, str]:
    return signed_headers(settings.GATEWAY_SIGNING_SECRET, user_id="", role="", request_id=str(uuid.uuid4()))


class GatewayClient:
    """Calls the service as the gateway does: signed identity headers, cookies passed explicitly."""

    def __init__(self) -> None:
        self.client = Client()

    def request(
        self,
        method: str,
        path: str,
        *,
        json: dict[str, Any] | None = None,
        user_id: str = "",
        role: str = "",
        cookies: dict[str, str] | None = None,
        signed: bool = True,
    ) -> TestResponse:
        self.client.cookies = SimpleCookie(cookies or {})
        headers = (
            signed_headers(settings.GATEWAY_SIGNING_SECRET, user_id=user_id, role=role, request_id=str(uuid.uuid4()))
            if signed
            else {}
        )
        return self.client.generic(
            method,
            path,
            data=b"" if json is None else jsonlib.dumps(json),
            content_type="application/json",
            headers=headers,
        )


@pytest.fixture
def gateway() -> GatewayClient:
    return GatewayClient()


@pytest.fixture
def registered(db: None) -> SessionResult:
    return user_register(email="Dana@Example.com", password=STRONG_PASSWORD, name="Dana Scully")


@pytest.fixture
def user(registered: SessionResult) -> User:
    return registered.user


@pytest.fixture(scope="session", autouse=True)
def _clean_redis_keys() -> Iterator[None]:
    yield
    client = redis_client()
    keys = list(client.scan_iter(match=f"{settings.REDIS_KEY_PREFIX}*"))
    if keys:
        client.delete(*keys)
