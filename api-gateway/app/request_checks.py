"""Every per-request Redis check in ONE round trip: one Lua script reads the revocation keys
(jti blacklist, `revoked:session:<sid>`, `revoked:user:<user_id>`, `revoked:authority:<user_id>`) and
counts or reads the rate-limit buckets of the request (fixed windows: INCR + EXPIRE).

Login failures are counted afterwards (`count_login_failure`), only when the auth service refused
the password.
"""

import hashlib
from dataclasses import dataclass

from redis.asyncio import Redis
from redis.exceptions import RedisError

from app.core import metrics
from app.core.security import Principal
from smartbreeds_common.errors import ApplicationError
from smartbreeds_common.revocation import (
    authority_outdated,
    blacklist_key,
    issued_before_mark,
    session_revoked_key,
    user_revoked_key,
    user_version_key,
)

WINDOW_SECONDS = 60

# KEYS: [blacklist, session, user mark, user authority version] when ARGV[1] == "1", then per bucket
# its key (and, for "read-unless", the key whose presence exempts the caller from it).
# ARGV: revocation flag, then per bucket: "incr" | "read" | "read-unless", window seconds.
# Returns {blacklisted, session revoked, user mark or "", version or "", then count and TTL per bucket}.
_CHECK = """
local result = {0, 0, '', ''}
local k = 1
if ARGV[1] == '1' then
  result[1] = redis.call('EXISTS', KEYS[1])
  result[2] = redis.call('EXISTS', KEYS[2])
  result[3] = redis.call('GET', KEYS[3]) or ''
  result[4] = redis.call('GET', KEYS[4]) or ''
  k = 5
end
local a = 2
while k <= #KEYS do
  local op, window, key = ARGV[a], ARGV[a + 1], KEYS[k]
  a = a + 2
  k = k + 1
  local count
  if op == 'incr' then
    count = redis.call('INCR', key)
    if count == 1 then redis.call('EXPIRE', key, window) end
  else
    count = tonumber(redis.call('GET', key) or '0')
    if op == 'read-unless' then
      if redis.call('EXISTS', KEYS[k]) == 1 then count = 0 end
      k = k + 1
    end
  end
  table.insert(result, count)
  table.insert(result, redis.call('TTL', key))
end
return result
"""

_COUNT_FAILURE = """
for i = 1, #KEYS do
  if redis.call('INCR', KEYS[i]) == 1 then redis.call('EXPIRE', KEYS[i], ARGV[1]) end
end
return #KEYS
"""


@dataclass(frozen=True, slots=True)
class Bucket:
    """One rate-limit bucket: `limit` per `window` seconds. `counts` False: only read (login failures)."""

    scope: str
    subject: str
    limit: int
    window: int = WINDOW_SECONDS
    counts: bool = True
    exempt: tuple[str, str] | None = None  # read-only buckets: (scope, subject) of a key that lifts the limit


def rate_limited(retry_after: int) -> ApplicationError:
    retry_after = max(retry_after, 1)
    return ApplicationError(
        "RATE_LIMITED",
        "Too many requests; slow down.",
        status=429,
        details={"retry_after": retry_after},
        headers={"Retry-After": str(retry_after)},
    )


def revoked() -> ApplicationError:
    return ApplicationError("TOKEN_REVOKED", "This session has ended; log in again.", status=401)


def unavailable() -> ApplicationError:
    return ApplicationError("SERVICE_UNAVAILABLE", "Sign-in checks are unavailable; try again shortly.", status=503)


@dataclass(frozen=True, slots=True)
class Verdict:
    available: bool  # False: Redis did not answer (nothing was checked)
    revoked: bool = False
    retry_after: int | None = None  # set when a bucket is past its limit


class RequestChecks:
    def __init__(self, redis: Redis, prefix: str) -> None:
        self.redis = redis
        self.prefix = prefix
        self._check = redis.register_script(_CHECK)
        self._count_failure = redis.register_script(_COUNT_FAILURE)

    def bucket_key(self, scope: str, subject: str) -> str:
        return f"{self.prefix}ratelimit:{scope}:{hashlib.sha256(subject.encode()).hexdigest()[:32]}"

    async def run(self, principal: Principal | None, buckets: list[Bucket]) -> "Verdict":
        """Read the principal's revocation keys and count (or read) each bucket, in one Redis call."""
        keys: list[str] = []
        args: list[str | int] = ["1" if principal else "0"]
        if principal:
            keys += [
                blacklist_key(self.prefix, principal.jti),
                session_revoked_key(self.prefix, principal.session_id),
                user_revoked_key(self.prefix, principal.user_id),
                user_version_key(self.prefix, principal.user_id),
            ]
        for bucket in buckets:
            keys.append(self.bucket_key(bucket.scope, bucket.subject))
            if bucket.exempt:
                keys.append(self.bucket_key(*bucket.exempt))
            args += ["incr" if bucket.counts else "read-unless" if bucket.exempt else "read", bucket.window]
        try:
            result = await self._check(keys=keys, args=args)
        except RedisError:
            return Verdict(available=False)
        is_revoked = principal is not None and bool(
            int(result[0])
            or int(result[1])
            or issued_before_mark(principal.issued_at, result[2] or None)
            or authority_outdated(principal.auth_version, result[3] or None)
        )
        retry_after = None
        for index, bucket in enumerate(buckets):
            count, ttl = int(result[4 + 2 * index]), int(result[5 + 2 * index])
            # A counted bucket refuses the call past its limit; a read-only one (failures) once it is full.
            if count > bucket.limit or (not bucket.counts and count >= bucket.limit):
                retry_after = max(retry_after or 0, ttl, 1)
                metrics.RATE_LIMIT_REFUSALS.labels(bucket=bucket.scope).inc()
        return Verdict(available=True, revoked=is_revoked, retry_after=retry_after)

    async def remember(self, scope: str, subject: str, seconds: int) -> None:
        """Set the key `<scope>:<subject>` for `seconds` (best effort), e.g. an exemption."""
        try:
            await self.redis.set(self.bucket_key(scope, subject), "1", ex=seconds)
        except RedisError:
            return

    async def count_failures(self, buckets: list[Bucket]) -> None:
        """Count one login failure in each bucket (best effort: the answer is already decided)."""
        if not buckets:
            return
        keys = [self.bucket_key(bucket.scope, bucket.subject) for bucket in buckets]
        try:
            await self._count_failure(keys=keys, args=[max(bucket.window for bucket in buckets)])
        except RedisError:
            return
