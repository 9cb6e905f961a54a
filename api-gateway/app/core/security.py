"""Access-token verification: algorithm pinned, iss/aud/exp/jti/type checked, blacklist consulted."""

import hashlib
from dataclasses import dataclass

import jwt
from redis.asyncio import Redis
from redis.exceptions import RedisError

from app.core.config import Settings
from smartbreeds_common.errors import ApplicationError

ACCESS_COOKIE = "access_token"


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: str
    role: str
    jti: str


def blacklist_key(prefix: str, jti: str) -> str:
    """Same key the auth service writes at logout."""
    return f"{prefix}blacklist:token:{hashlib.sha256(jti.encode()).hexdigest()}"


def decode_access_token(token: str, settings: Settings) -> Principal:
    try:
        claims = jwt.decode(
            token,
            settings.jwt_verification_key,
            algorithms=[settings.jwt_algorithm],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            options={"require": ["exp", "iat", "jti", "iss", "aud", "type", "user_id", "role"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise ApplicationError("TOKEN_EXPIRED", "Your session has expired.", status=401) from exc
    except jwt.PyJWTError as exc:
        raise ApplicationError("TOKEN_INVALID", "The access token is invalid.", status=401) from exc
    if claims.get("type") != "access" or claims.get("role") not in ("user", "admin"):
        raise ApplicationError("TOKEN_INVALID", "The access token is invalid.", status=401)
    return Principal(user_id=str(claims["user_id"]), role=str(claims["role"]), jti=str(claims["jti"]))


async def ensure_not_revoked(redis: Redis, settings: Settings, principal: Principal) -> None:
    try:
        revoked = await redis.exists(blacklist_key(settings.redis_key_prefix, principal.jti))
    except RedisError as exc:
        # Fail closed: without the blacklist a revoked token could pass.
        raise ApplicationError("SERVICE_UNAVAILABLE", "Sign-in checks are unavailable; try again shortly.", status=503) from exc
    if revoked:
        raise ApplicationError("TOKEN_REVOKED", "This session has ended; log in again.", status=401)
