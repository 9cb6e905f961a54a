"""Identity the gateway forwards to services, and the HMAC that proves it came from the gateway.

The gateway signs `user_id`, `role`, `request_id` and a timestamp with a secret shared only with
the services; a service accepts identity headers only when the signature verifies and is fresh, so
a request that reached a service around the gateway is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Mapping
from dataclasses import dataclass

USER_ID_HEADER = "X-User-ID"
USER_ROLE_HEADER = "X-User-Role"
TIMESTAMP_HEADER = "X-Gateway-Timestamp"
SIGNATURE_HEADER = "X-Gateway-Signature"
REQUEST_ID_HEADER = "X-Request-ID"
CORRELATION_ID_HEADER = "X-Correlation-ID"

MAX_CLOCK_SKEW_SECONDS = 60


class IdentityError(Exception):
    """The request does not carry a valid gateway signature."""


@dataclass(frozen=True, slots=True)
class Identity:
    user_id: str  # empty for anonymous calls (register, login)
    role: str  # "user", "admin" or empty
    request_id: str

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user_id)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def _message(user_id: str, role: str, request_id: str, timestamp: str) -> bytes:
    return "\n".join((user_id, role, request_id, timestamp)).encode()


def sign(secret: str, *, user_id: str, role: str, request_id: str, timestamp: str) -> str:
    return hmac.new(secret.encode(), _message(user_id, role, request_id, timestamp), hashlib.sha256).hexdigest()


def signed_headers(
    secret: str, *, user_id: str, role: str, request_id: str, correlation_id: str | None = None
) -> dict[str, str]:
    """The headers a trusted caller (the gateway, or a service calling another) adds to a request."""
    timestamp = str(int(time.time()))
    return {
        USER_ID_HEADER: user_id,
        USER_ROLE_HEADER: role,
        REQUEST_ID_HEADER: request_id,
        CORRELATION_ID_HEADER: correlation_id or request_id,
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: sign(secret, user_id=user_id, role=role, request_id=request_id, timestamp=timestamp),
    }


def verify(secret: str, headers: Mapping[str, str], *, now: float | None = None) -> Identity:
    """Return the identity in `headers` (a case-insensitive mapping) or raise `IdentityError`."""
    signature = headers.get(SIGNATURE_HEADER)
    timestamp = headers.get(TIMESTAMP_HEADER)
    if not signature or not timestamp:
        raise IdentityError("missing gateway signature")
    try:
        age = abs((now if now is not None else time.time()) - int(timestamp))
    except ValueError as exc:
        raise IdentityError("malformed gateway timestamp") from exc
    if age > MAX_CLOCK_SKEW_SECONDS:
        raise IdentityError("stale gateway signature")
    user_id = headers.get(USER_ID_HEADER, "")
    role = headers.get(USER_ROLE_HEADER, "")
    request_id = headers.get(REQUEST_ID_HEADER, "")
    expected = sign(secret, user_id=user_id, role=role, request_id=request_id, timestamp=timestamp)
    if not hmac.compare_digest(expected, signature):
        raise IdentityError("bad gateway signature")
    return Identity(user_id=user_id, role=role, request_id=request_id)
