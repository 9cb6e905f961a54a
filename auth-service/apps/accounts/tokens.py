"""Access and refresh JWTs (PyJWT): issued here, verified here and by the gateway."""

import hashlib
import math
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import jwt
from django.conf import settings
from smartbreeds_common import revocation

from apps.accounts import errors
from apps.accounts.models import User

TokenType = Literal["access", "refresh"]
REQUIRED_CLAIMS = ["user_id", "iat", "exp", "jti", "type", "sid", "iss", "aud"]


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: str
    jti: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class TokenPair:
    access: IssuedToken
    refresh: IssuedToken
    session_id: uuid.UUID


def _signing_key() -> str:
    if settings.JWT_ALGORITHM == "RS256":
        return Path(settings.JWT_PRIVATE_KEY_FILE).read_text()
    return str(settings.JWT_SECRET)


def _verification_key() -> str:
    if settings.JWT_ALGORITHM == "RS256":
        return Path(settings.JWT_PUBLIC_KEY_FILE).read_text()
    return str(settings.JWT_SECRET)


def token_hash(token: str) -> str:
    """What the database stores in place of a refresh token."""
    return hashlib.sha256(token.encode()).hexdigest()


def _encode(claims: dict[str, Any], *, token_type: TokenType, ttl_seconds: int, issued_at: float) -> IssuedToken:
    jti = uuid.uuid4().hex
    payload = {
        **claims,
        # Millisecond precision: a token issued right after a user's revocation mark stays valid.
        "iat": issued_at,
        "exp": math.floor(issued_at) + ttl_seconds,
        "jti": jti,
        "type": token_type,
        "iss": settings.JWT_ISSUER,
        "aud": settings.JWT_AUDIENCE,
    }
    token = jwt.encode(payload, _signing_key(), algorithm=settings.JWT_ALGORITHM)
    return IssuedToken(token=token, jti=jti, expires_at=datetime.fromtimestamp(payload["exp"], tz=UTC))


def issue_token_pair(*, user: User, session_id: uuid.UUID, not_before: float | None = None) -> TokenPair:
    """Both tokens of a session; `not_before` (a revocation mark just set) keeps `iat` from preceding it."""
    issued_at = max(round(time.time(), 3), not_before or 0.0)
    sid = str(session_id)
    # `av`: the authority version the tokens were issued under (void once the user's version moves on).
    version = int(user.auth_version)
    access = _encode(
        {
            "sub": str(user.id),
            "user_id": str(user.id),
            "email": user.email,
            "role": user.role,
            "sid": sid,
            "av": version,
        },
        token_type="access",  # noqa: S106 - the JWT "type" claim, not a password
        ttl_seconds=settings.ACCESS_TOKEN_TTL_SECONDS,
        issued_at=issued_at,
    )
    refresh = _encode(
        {"sub": str(user.id), "user_id": str(user.id), "sid": sid, "av": version},
        token_type="refresh",  # noqa: S106 - the JWT "type" claim, not a password
        ttl_seconds=settings.REFRESH_TOKEN_TTL_SECONDS,
        issued_at=issued_at,
    )
    return TokenPair(access=access, refresh=refresh, session_id=session_id)


def decode_token(token: str, *, expected_type: TokenType) -> dict[str, Any]:
    """Claims of a valid token of `expected_type`; raises TOKEN_EXPIRED or TOKEN_INVALID otherwise."""
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            _verification_key(),
            algorithms=[settings.JWT_ALGORITHM],  # pinned: never trust the header's `alg`
            audience=settings.JWT_AUDIENCE,
            issuer=settings.JWT_ISSUER,
            options={"require": REQUIRED_CLAIMS},
        )
    except jwt.ExpiredSignatureError as exc:
        raise errors.token_expired() from exc
    except jwt.PyJWTError as exc:
        raise errors.token_invalid() from exc
    if claims.get("type") != expected_type:
        raise errors.token_invalid()
    try:
        uuid.UUID(str(claims["user_id"]))
        uuid.UUID(str(claims["sid"]))
        revocation.token_version(claims)
    except ValueError as exc:
        raise errors.token_invalid() from exc
    return claims
