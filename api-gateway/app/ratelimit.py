"""Atomic fixed-window rate limits in Redis (one Lua script: INCR + EXPIRE in a single round trip)."""

import hashlib

from redis.asyncio import Redis
from redis.exceptions import RedisError

from smartbreeds_common.errors import ApplicationError

WINDOW_SECONDS = 60

_INCREMENT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('TTL', KEYS[1])}
"""


class RateLimiter:
    def __init__(self, redis: Redis, prefix: str) -> None:
        self.redis = redis
        self.prefix = prefix
        self.script = redis.register_script(_INCREMENT)

    async def hit(self, scope: str, subject: str, limit: int, *, fail_open: bool) -> None:
        """Count one call of `subject` in `scope`; raise 429 RATE_LIMITED past `limit` per window."""
        digest = hashlib.sha256(subject.encode()).hexdigest()[:32]
        key = f"{self.prefix}ratelimit:{scope}:{digest}"
        try:
            count, ttl = await self.script(keys=[key], args=[WINDOW_SECONDS])
        except RedisError as exc:
            if fail_open:
                return
            raise ApplicationError("SERVICE_UNAVAILABLE", "Rate limiting is unavailable; try again shortly.", status=503) from exc
        if int(count) > limit:
            retry_after = max(int(ttl), 1)
            raise ApplicationError(
                "RATE_LIMITED",
                "Too many requests; slow down.",
                status=429,
                details={"retry_after": retry_after},
                headers={"Retry-After": str(retry_after)},
            )
