"""Revocation marks in Redis (layout: `smartbreeds_common.revocation`), written here and read here and by the gateway.

- one access token: `blacklist:token:<sha256(jti)>` until the token would have expired;
- one session: `revoked:session:<sid>` for as long as its refresh token could live;
- one user: `revoked:user:<id>` = T, every token of the user issued before T is void (never lowered);
- one user's authority: `revoked:authority:<id>` = N, every token whose `av` is below N is void (never lowered).

Redis down: the client raises ConnectionError/TimeoutError, which the exception handler answers with
503 SERVICE_UNAVAILABLE; a token is never accepted without its marks having been read.
"""

import math
import time
from datetime import UTC, datetime
from functools import cache
from typing import Any

import redis
from django.conf import settings
from smartbreeds_common import revocation

from apps.accounts import errors

# Sets the user mark unless a later one is already there (two revocations racing never lower it).
_RAISE_USER_MARK = """
local current = redis.call('GET', KEYS[1])
if current and tonumber(current) >= tonumber(ARGV[1]) then
  redis.call('EXPIRE', KEYS[1], ARGV[2], 'GT')
  return current
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return ARGV[1]
"""

# Raises the user's authority version to at least ARGV[1] (never lowers it) and keeps it as long as a
# token issued before it could live; returns the version in force.
_RAISE_USER_VERSION = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local wanted = tonumber(ARGV[1])
if current > wanted then wanted = current end
redis.call('SET', KEYS[1], wanted, 'EX', ARGV[2])
return wanted
"""


@cache
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)


def redis_client() -> redis.Redis:
    return _client(settings.REDIS_URL)


def _prefix() -> str:
    return str(settings.REDIS_KEY_PREFIX)


def blacklist_key(jti: str) -> str:
    return revocation.blacklist_key(_prefix(), jti)


def session_key(session_id: str) -> str:
    return revocation.session_revoked_key(_prefix(), session_id)


def user_key(user_id: str) -> str:
    return revocation.user_revoked_key(_prefix(), user_id)


def user_version_key(user_id: str) -> str:
    return revocation.user_version_key(_prefix(), user_id)


def now_mark() -> float:
    """The current time as a NumericDate with millisecond precision (what tokens carry as `iat`)."""
    return round(time.time(), 3)


def blacklist_token(*, jti: str, expires_at: datetime) -> None:
    ttl = math.ceil((expires_at - datetime.now(UTC)).total_seconds())
    if ttl > 0:
        redis_client().set(blacklist_key(jti), "1", ex=ttl)


def revoke_session(session_id: str) -> None:
    """Every token of the session is refused from now on."""
    redis_client().set(session_key(session_id), "1", ex=settings.REFRESH_TOKEN_TTL_SECONDS)


def revoke_user_tokens(user_id: str) -> float:
    """Voids every token of the user issued before now; returns the mark in force (never lowered)."""
    mark = now_mark()
    script = redis_client().register_script(_RAISE_USER_MARK)
    kept = script(keys=[user_key(user_id)], args=[f"{mark:.3f}", settings.REFRESH_TOKEN_TTL_SECONDS])
    return float(kept)


def raise_user_version(user_id: str, version: int) -> int:
    """Voids every token of the user whose `av` is below `version`; returns the version in force."""
    script = redis_client().register_script(_RAISE_USER_VERSION)
    return int(script(keys=[user_version_key(user_id)], args=[version, settings.REFRESH_TOKEN_TTL_SECONDS]))


def user_version(user_id: str) -> int:
    """The user's authority version in Redis (0 when none was ever raised, or it has lapsed)."""
    stored = redis_client().get(user_version_key(user_id))
    return int(stored) if stored else 0


def ensure_not_revoked(claims: dict[str, Any]) -> None:
    """401 TOKEN_REVOKED when the token, its session or its user has been revoked, or the user's
    authority version has moved past the token's (one round trip)."""
    user_id = str(claims["user_id"])
    pipe = redis_client().pipeline(transaction=False)
    pipe.exists(blacklist_key(str(claims["jti"])))
    pipe.exists(session_key(str(claims["sid"])))
    pipe.get(user_key(user_id))
    pipe.get(user_version_key(user_id))
    token_listed, session_ended, user_mark, stored_version = pipe.execute()
    if (
        token_listed
        or session_ended
        or revocation.issued_before_mark(float(claims["iat"]), user_mark)
        or revocation.authority_outdated(revocation.token_version(claims), stored_version)
    ):
        raise errors.token_revoked()
