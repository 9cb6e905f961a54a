"""Where session and token revocation lives in Redis. The auth service writes these keys; the gateway
(on every request) and the auth service (where it validates tokens itself) read them.

- `blacklist:token:<sha256(jti)>`: one access token, until it would have expired.
- `revoked:session:<sid>`: every token of one session (logout, ending a session, refresh reuse),
  kept as long as the session's refresh token could live.
- `revoked:authority:<user_id>`: the user's authority version N (an integer, never lowered): every token
  whose `av` claim is below N is void. The auth service raises it in the same transaction (under the
  user's row lock) that changes the password, the role or the active state, or deletes the account,
  and logins and refreshes issue tokens only for the version they read under that lock, so no
  interleaving of a login with such a change yields a token carrying the old authority.
- `revoked:user:<user_id>`: a timestamp T (epoch seconds, millisecond precision, as a string): every
  token of the user issued before T is void (password change, deactivation, role change, account
  deletion, logout-all). Tokens carry `iat` with the same precision, so fresh cookies issued right
  after the mark stay valid.

Every key is prefixed with the deployment's REDIS_KEY_PREFIX.
"""

import hashlib


def blacklist_key(prefix: str, jti: str) -> str:
    return f"{prefix}blacklist:token:{hashlib.sha256(jti.encode()).hexdigest()}"


def session_revoked_key(prefix: str, session_id: str) -> str:
    return f"{prefix}revoked:session:{session_id}"


def user_revoked_key(prefix: str, user_id: str) -> str:
    return f"{prefix}revoked:user:{user_id}"


def user_version_key(prefix: str, user_id: str) -> str:
    return f"{prefix}revoked:authority:{user_id}"


def token_version(claims: dict[str, object]) -> int:
    """The authority version a token carries (`av`); tokens issued before versions existed carry 0."""
    value = claims.get("av", 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("the av claim must be a non-negative integer")
    return value


def authority_outdated(version: int, stored: str | bytes | None) -> bool:
    """True when a token of authority version `version` is void under the user's stored version."""
    if stored is None or stored in (b"", ""):
        return False
    return int(stored) > version


def issued_before_mark(issued_at: float, mark: str | bytes | None) -> bool:
    """True when a token issued at `issued_at` is voided by the user mark `mark` (None: no mark)."""
    if mark is None:
        return False
    return float(mark) > issued_at
