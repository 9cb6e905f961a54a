"""Per-account and per-address limits of the mail-sending routes (Redis, under the service's key prefix).

The gateway limits every client address too (its login buckets: app/callers.py); these hold whatever
the client address, so one inbox is never flooded.
"""

import hashlib

from django.conf import settings

from apps.accounts.revocation import redis_client
from apps.email_actions import errors

_WINDOW = 3600


def _key(scope: str, subject: str) -> str:
    return f"{settings.REDIS_KEY_PREFIX}mail-limit:{scope}:{subject}"


def resend_cooldown(*, user_id: str) -> None:
    """One verification mail per EMAIL_RESEND_COOLDOWN_SECONDS per account; 429 with Retry-After otherwise."""
    key = _key("verify-resend", user_id)
    client = redis_client()
    if not client.set(key, "1", nx=True, ex=settings.EMAIL_RESEND_COOLDOWN_SECONDS):
        raise errors.rate_limited(int(client.ttl(key)))


def forgot_per_address(*, email: str) -> None:
    """PASSWORD_FORGOT_PER_ADDRESS_PER_HOUR requests per address, whether or not it has an account."""
    key = _key("password-forgot", hashlib.sha256(email.encode()).hexdigest())  # no address kept in Redis
    pipe = redis_client().pipeline()
    pipe.incr(key)
    pipe.expire(key, _WINDOW, nx=True)
    count, _ = pipe.execute()
    if int(count) > settings.PASSWORD_FORGOT_PER_ADDRESS_PER_HOUR:
        raise errors.rate_limited(int(redis_client().ttl(key)))
