"""The Redis marks: layout shared with the gateway, TTLs, a user mark never lowered, one check for all three."""

import time
import uuid
from typing import Any

import jwt
import pytest
import redis
from django.conf import settings
from smartbreeds_common import revocation as layout
from smartbreeds_common.errors import ApplicationError

from apps.accounts import revocation
from apps.accounts.models import User
from apps.accounts.tokens import decode_token, issue_token_pair

pytestmark = pytest.mark.db  # the marks live in Redis (no fixture says so: see smartbreeds_common.pytest_markers)


def _claims(**overrides: Any) -> dict[str, Any]:
    claims = {"jti": uuid.uuid4().hex, "sid": str(uuid.uuid4()), "user_id": str(uuid.uuid4()), "iat": time.time()}
    claims.update(overrides)
    return claims


def _revoked(claims: dict[str, Any]) -> bool:
    try:
        revocation.ensure_not_revoked(claims)
    except ApplicationError as exc:
        assert exc.code == "TOKEN_REVOKED" and exc.status == 401
        return True
    return False


def test_keys_follow_the_shared_layout_with_the_deployment_prefix() -> None:
    prefix = settings.REDIS_KEY_PREFIX
    assert revocation.session_key("s1") == layout.session_revoked_key(prefix, "s1") == f"{prefix}revoked:session:s1"
    assert revocation.user_key("u1") == f"{prefix}revoked:user:u1"
    assert revocation.blacklist_key("j1") == layout.blacklist_key(prefix, "j1")


def test_a_fresh_token_passes() -> None:
    assert not _revoked(_claims())


def test_a_revoked_session_refuses_its_tokens_for_the_refresh_lifetime() -> None:
    claims = _claims()
    revocation.revoke_session(claims["sid"])
    assert _revoked(claims)
    ttl = revocation.redis_client().ttl(revocation.session_key(claims["sid"]))
    assert settings.REFRESH_TOKEN_TTL_SECONDS - 5 < ttl <= settings.REFRESH_TOKEN_TTL_SECONDS


def test_the_user_mark_voids_tokens_issued_before_it_only() -> None:
    user_id = str(uuid.uuid4())
    before = _claims(user_id=user_id, iat=round(time.time(), 3) - 0.002)
    mark = revocation.revoke_user_tokens(user_id)
    assert _revoked(before)
    assert not _revoked(_claims(user_id=user_id, iat=mark))  # issued in the mark's own millisecond
    assert not _revoked(_claims(user_id=user_id, iat=mark + 0.001))


def test_the_user_mark_is_never_lowered() -> None:
    user_id = str(uuid.uuid4())
    key = revocation.user_key(user_id)
    later = f"{time.time() + 60:.3f}"
    revocation.redis_client().set(key, later, ex=10)
    assert revocation.revoke_user_tokens(user_id) == float(later)
    assert revocation.redis_client().get(key) == later.encode()
    assert revocation.redis_client().ttl(key) > 10  # but its lifetime is extended


def test_issued_tokens_carry_a_millisecond_iat_and_respect_not_before() -> None:
    user = User(id=uuid.uuid4(), email="a@example.com", name="A", role="user")
    mark = round(time.time(), 3) + 0.5  # a mark set by a clock a little ahead
    token = issue_token_pair(user=user, session_id=uuid.uuid4(), not_before=mark).access.token
    assert jwt.decode(token, options={"verify_signature": False})["iat"] == mark
    fresh = decode_token(issue_token_pair(user=user, session_id=uuid.uuid4()).access.token, expected_type="access")
    assert isinstance(fresh["iat"], float) and round(fresh["iat"], 3) == fresh["iat"]


def test_redis_down_is_an_error_never_a_pass(settings: Any) -> None:
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    with pytest.raises(redis.exceptions.ConnectionError):  # the exception handler answers 503
        revocation.ensure_not_revoked(_claims())
