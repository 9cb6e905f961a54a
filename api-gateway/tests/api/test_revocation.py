"""Revocation on the proxy path: the jti blacklist, the session key and the user mark, every request."""

import time
import uuid
from typing import Any

import jwt
import pytest

from smartbreeds_common.revocation import blacklist_key, session_revoked_key, user_revoked_key, user_version_key
from tests.conftest import JWT_SECRET, PREFIX, make_token


def _claims(token: str) -> dict[str, Any]:
    return jwt.decode(token, JWT_SECRET, algorithms=["HS256"], audience="smartbreeds")


def _assert_revoked(response, upstream) -> None:
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "TOKEN_REVOKED"
    assert upstream.seen == []


def test_a_revoked_session_refuses_its_access_token(gateway, upstreams, redis_client):
    token = make_token()
    redis_client.set(session_revoked_key(PREFIX, _claims(token)["sid"]), "1", ex=60)
    gateway.cookies.set("__Host-access_token", token)
    _assert_revoked(gateway.get("/api/v1/pets"), upstreams["user"])


def test_a_user_mark_voids_tokens_issued_before_it(gateway, upstreams, redis_client):
    user_id = str(uuid.uuid4())
    token = make_token(user_id=user_id)
    redis_client.set(user_revoked_key(PREFIX, user_id), f"{time.time() + 1:.3f}", ex=60)
    gateway.cookies.set("__Host-access_token", token)
    _assert_revoked(gateway.get("/api/v1/pets"), upstreams["user"])


@pytest.mark.parametrize(
    ("av", "stored", "status"),
    [(None, None, 200), (None, "1", 401), (2, "2", 200), (2, "3", 401), (4, "3", 200)],
)
def test_a_token_of_an_older_authority_version_is_refused(gateway, upstreams, redis_client, av, stored, status):
    user_id = str(uuid.uuid4())
    if stored is not None:
        redis_client.set(user_version_key(PREFIX, user_id), stored, ex=60)
    extra = {} if av is None else {"av": av}
    gateway.cookies.set("__Host-access_token", make_token(user_id=user_id, role="admin", **extra))
    assert gateway.get("/api/v1/rag/documents").status_code == status


@pytest.mark.parametrize("av", [True, "2", -1, 1.5])
def test_a_malformed_authority_version_is_an_invalid_token(gateway, upstreams, av):
    gateway.cookies.set("__Host-access_token", make_token(av=av))
    assert gateway.get("/api/v1/pets").json()["error"]["code"] == "TOKEN_INVALID"


@pytest.mark.parametrize(
    ("iat", "mark", "status"),
    [(1000.5, "1000.4", 200), (1000.5, "1000.6", 401), (1000, "999.999", 200), (1000, "1000.001", 401)],
)
def test_the_user_mark_compares_int_and_millisecond_float_iat(gateway, upstreams, redis_client, iat, mark, status):
    user_id = str(uuid.uuid4())
    redis_client.set(user_revoked_key(PREFIX, user_id), mark, ex=60)
    gateway.cookies.set("__Host-access_token", make_token(user_id=user_id, iat=iat))
    assert gateway.get("/api/v1/pets").status_code == status


def test_revocation_is_checked_on_every_request_even_for_a_cached_token(gateway, upstreams, redis_client):
    token = make_token()
    gateway.cookies.set("__Host-access_token", token)
    assert gateway.get("/api/v1/pets").status_code == 200  # verified and cached
    redis_client.set(blacklist_key(PREFIX, _claims(token)["jti"]), "1", ex=60)
    upstreams["user"].reset()
    _assert_revoked(gateway.get("/api/v1/pets"), upstreams["user"])


def test_a_cached_token_still_expires(gateway, upstreams):
    gateway.cookies.set("__Host-access_token", make_token(expires_in=1))
    assert gateway.get("/api/v1/pets").status_code == 200
    time.sleep(2.1)
    response = gateway.get("/api/v1/pets")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "TOKEN_EXPIRED"


def test_a_token_without_a_session_id_is_invalid(gateway, upstreams):
    claims = _claims(make_token())
    del claims["sid"]
    gateway.cookies.set("__Host-access_token", jwt.encode(claims, JWT_SECRET, algorithm="HS256"))
    response = gateway.get("/api/v1/pets")
    assert response.json()["error"]["code"] == "TOKEN_INVALID"


def test_a_revoked_token_on_a_public_route_is_an_anonymous_caller(gateway, upstreams, redis_client):
    token = make_token()
    redis_client.set(session_revoked_key(PREFIX, _claims(token)["sid"]), "1", ex=60)
    gateway.cookies.set("__Host-access_token", token)
    assert gateway.get("/api/v1/products").status_code == 200
    assert upstreams["ai"].headers_of()["x-user-id"] == [""]


def test_gateway_routes_check_revocation_too(gateway, upstreams, redis_client):
    token = make_token()
    redis_client.set(session_revoked_key(PREFIX, _claims(token)["sid"]), "1", ex=60)
    gateway.cookies.set("__Host-access_token", token)
    response = gateway.get("/api/v1/dashboard")
    assert response.json()["error"]["code"] == "TOKEN_REVOKED"


def test_revocation_and_rate_limit_take_one_redis_call(gateway, upstreams):
    redis = gateway.app.state.redis
    calls: list[tuple[Any, ...]] = []
    original = redis.execute_command

    async def counting(*args, **kwargs):
        calls.append(args)
        return await original(*args, **kwargs)

    redis.execute_command = counting
    token = make_token()
    claims = _claims(token)
    gateway.cookies.set("__Host-access_token", token)
    assert gateway.get("/api/v1/pets").status_code == 200
    assert len(calls) == 1 and calls[0][0] in ("EVALSHA", "EVAL")
    _command, _sha, key_count, *rest = calls[0]
    keys = rest[:key_count]
    assert keys[:4] == [
        blacklist_key(PREFIX, claims["jti"]),
        session_revoked_key(PREFIX, claims["sid"]),
        user_revoked_key(PREFIX, claims["user_id"]),
        user_version_key(PREFIX, claims["user_id"]),
    ]
    assert keys[4].startswith(f"{PREFIX}ratelimit:user:")


def test_a_revoked_admin_is_refused_before_the_role_check(gateway, upstreams, redis_client):
    user_id = str(uuid.uuid4())
    redis_client.set(user_revoked_key(PREFIX, user_id), f"{time.time() + 1:.3f}", ex=60)
    gateway.cookies.set("__Host-access_token", make_token(user_id=user_id, role="admin"))
    _assert_revoked(gateway.get("/api/v1/rag/documents"), upstreams["ai"])
