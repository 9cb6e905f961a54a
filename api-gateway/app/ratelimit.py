"""Fixed-window rate limits in Redis: one atomic Lua script per check (INCR + first-hit expiry)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import redis.asyncio as aioredis

from smartbreeds_common.errors import ApplicationError

WINDOW_SECONDS = 60

# Returns {count in the window, milliseconds until the window ends}.
_INCREMENT_SCRIPT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
"""


@dataclass(frozen=True, slots=True)
class RateLimiter:
    redis: aioredis.Redis
    key_prefix: str

    async def hit(self, bucket: str, identifier: str, *, limit: int) -> None:
        """Count one request; raise 429 RATE_LIMITED with Retry-After once `limit` is exceeded."""
        key = f"{self.key_prefix}ratelimit:{bucket}:{identifier}"
        script = self.redis.register_script(_INCREMENT_SCRIPT)
        count, ttl_ms = await script(keys=[key], args=[WINDOW_SECONDS * 1000])
        if int(count) > limit:
            retry_after = max(1, math.ceil(int(ttl_ms) / 1000))
            raise ApplicationError(
                "RATE_LIMITED",
                "Too many requests; try again later.",
                status=429,
                details={"retry_after": retry_after},
                headers={"Retry-After": str(retry_after)},
            )
