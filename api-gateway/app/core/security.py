"""Access-token verification: signature with a pinned algorithm, standard claims, token type."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import jwt

from app.core.config import Settings
from smartbreeds_common.errors import ApplicationError

REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "jti", "type", "user_id", "role"]
ROLES = frozenset({"user", "admin"})


@dataclass(frozen=True, slots=True)
class AccessClaims:
    user_id: str
    role: str
    jti: str


def _invalid() -> ApplicationError:
    return ApplicationError("TOKEN_INVALID", "The session token is invalid.", status=401)


def verify_access_token(token: str, settings: Settings) -> AccessClaims:
    try:
        claims = jwt.decode(
            token,
            settings.jwt_verification_key,
            algorithms=[settings.jwt_algorithm],  # pinned: "none" and algorithm confusion are refused
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            options={"require": REQUIRED_CLAIMS},
        )
    except jwt.ExpiredSignatureError as exc:
        raise ApplicationError("TOKEN_EXPIRED", "The session has expired.", status=401) from exc
    except jwt.PyJWTError as exc:
        raise _invalid() from exc
    if claims.get("type") != "access" or claims.get("role") not in ROLES:
        raise _invalid()
    user_id, jti = claims.get("user_id"), claims.get("jti")
    if not isinstance(user_id, str) or not user_id or not isinstance(jti, str) or not jti:
        raise _invalid()
    return AccessClaims(user_id=user_id, role=str(claims["role"]), jti=jti)


def blacklist_key(prefix: str, jti: str) -> str:
    """Same key the auth service writes at logout (auth-service/apps/accounts/blacklist.py)."""
    return f"{prefix}blacklist:token:{hashlib.sha256(jti.encode()).hexdigest()}"
