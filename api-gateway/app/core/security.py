"""Access-token verification: algorithm pinned, iss/aud/exp/iat/jti/sid/type checked.

A verified token is remembered (bounded, until it expires) so the signature and claims are not
re-checked on every request; revocation is never cached (app/request_checks.py checks it every time).
"""

import time
from dataclasses import dataclass

import jwt

from app.core.config import Settings
from smartbreeds_common.errors import ApplicationError
from smartbreeds_common.revocation import token_version

ACCESS_COOKIE = "__Host-access_token"  # Secure, Path=/, no Domain: no subdomain or plain-HTTP page can set it
REQUIRED_CLAIMS = ["exp", "iat", "jti", "iss", "aud", "type", "user_id", "role", "sid"]


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: str
    role: str
    jti: str
    session_id: str
    issued_at: float  # epoch seconds; int today, a float with millisecond precision once the auth service sends one
    expires_at: float
    auth_version: int = 0  # `av`: the user's authority version the token was issued under (0: none)


def _invalid() -> ApplicationError:
    return ApplicationError("TOKEN_INVALID", "The access token is invalid.", status=401)


def decode_access_token(token: str, settings: Settings) -> Principal:
    try:
        claims = jwt.decode(
            token,
            settings.jwt_verification_key,
            algorithms=[settings.jwt_algorithm],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            options={"require": REQUIRED_CLAIMS},
        )
    except jwt.ExpiredSignatureError as exc:
        raise ApplicationError("TOKEN_EXPIRED", "Your session has expired.", status=401) from exc
    except jwt.PyJWTError as exc:
        raise _invalid() from exc
    if claims.get("type") != "access" or claims.get("role") not in ("user", "admin"):
        raise _invalid()
    issued_at, expires_at = claims["iat"], claims["exp"]
    if isinstance(issued_at, bool) or not isinstance(issued_at, int | float) or isinstance(expires_at, bool):
        raise _invalid()
    session_id = claims["sid"]
    if not isinstance(session_id, str) or not session_id or len(session_id) > 64:
        raise _invalid()
    try:
        auth_version = token_version(claims)
    except ValueError as exc:
        raise _invalid() from exc
    return Principal(
        user_id=str(claims["user_id"]),
        role=str(claims["role"]),
        jti=str(claims["jti"]),
        session_id=session_id,
        issued_at=float(issued_at),
        expires_at=float(expires_at),
        auth_version=auth_version,
    )


class VerifiedTokens:
    """Tokens whose signature and claims were verified, until they expire (at most `size` of them).

    Keyed by the whole token string, so a tampered token never matches. Expiry is re-checked on
    every hit; revocation is not this cache's business and is checked in Redis on every request.
    """

    def __init__(self, settings: Settings, size: int) -> None:
        self.settings = settings
        self.size = size
        self._verified: dict[str, Principal] = {}

    def principal(self, token: str) -> Principal:
        cached = self._verified.get(token)
        if cached is not None:
            if cached.expires_at > time.time():
                return cached
            del self._verified[token]
        principal = decode_access_token(token, self.settings)
        if self.size:
            if len(self._verified) >= self.size:
                # Oldest first (dicts keep insertion order): a full cache forgets its oldest entry.
                del self._verified[next(iter(self._verified))]
            self._verified[token] = principal
        return principal
