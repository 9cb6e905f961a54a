"""Revoked access tokens, in Redis until they would have expired anyway.

The gateway checks the same key before it forwards a request: keep `blacklist_key` in step with it.
"""

import hashlib
import math
from datetime import UTC, datetime
from functools import cache

import redis
from django.conf import settings


@cache
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)


def redis_client() -> redis.Redis:
    return _client(settings.REDIS_URL)


def blacklist_key(jti: str) -> str:
    return f"{settings.REDIS_KEY_PREFIX}blacklist:token:{hashlib.sha256(jti.encode()).hexdigest()}"


def blacklist_token(*, jti: str, expires_at: datetime) -> None:
    ttl = math.ceil((expires_at - datetime.now(UTC)).total_seconds())
    if ttl > 0:
        redis_client().set(blacklist_key(jti), "1", ex=ttl)


def is_blacklisted(jti: str) -> bool:
    return bool(redis_client().exists(blacklist_key(jti)))
