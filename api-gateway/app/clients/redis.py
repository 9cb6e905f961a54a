"""The gateway's Redis client (token blacklist, rate limits) and its failure mapping."""

from __future__ import annotations

import redis.asyncio as aioredis

from smartbreeds_common.errors import ApplicationError


def create_redis(url: str) -> aioredis.Redis:
    # Short timeouts: a Redis outage must turn into a quick 503, not a hung request.
    return aioredis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1, health_check_interval=30)


def redis_unavailable() -> ApplicationError:
    return ApplicationError("SERVICE_UNAVAILABLE", "A required service is temporarily unavailable.", status=503)
