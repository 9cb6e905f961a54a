"""Who is calling: the verified access cookie, its revocation and the caller's rate-limit buckets,
decided with one Redis call (app/request_checks.py). Used by the proxy path and FastAPI routes."""

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import Headers
from starlette.requests import cookie_parser

from app.core.config import Settings
from app.core.security import ACCESS_COOKIE, Principal, VerifiedTokens
from app.headers import client_ip
from app.request_checks import Bucket, RequestChecks, rate_limited, revoked, unavailable
from smartbreeds_common.emails import normalize_email
from smartbreeds_common.errors import ApplicationError


@dataclass(frozen=True, slots=True)
class Caller:
    user_id: str  # "" when anonymous
    role: str
    ip: str
    request_id: str
    correlation_id: str

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user_id)


def caller_ip(scope: MutableMapping[str, Any], headers: Mapping[str, str], settings: Settings) -> str:
    peer = scope.get("client")
    return client_ip(peer[0] if peer else None, headers, settings)


def access_token(headers: Headers) -> str | None:
    cookie = headers.get("cookie")
    if not cookie or ACCESS_COOKIE not in cookie:
        return None
    token: str | None = cookie_parser(cookie).get(ACCESS_COOKIE)
    return token or None


def login_buckets(settings: Settings, ip: str, email: str, *, counts_failures: bool) -> list[Bucket]:
    """Login and register: every attempt counts per address. Login: the per-email buckets are read
    here and only the auth service's 401s fill them (`failure_buckets`), per email+address and per
    email across all addresses. Register: every attempt per email."""
    buckets = [Bucket("login-ip", ip, settings.rate_limit_login_per_minute)]
    if not email:
        return buckets
    if counts_failures:
        return buckets + failure_buckets(settings, ip, email)
    return [*buckets, Bucket("login-email", email, settings.rate_limit_login_per_minute)]


KNOWN_ADDRESS_SCOPE = "login-known"


def known_address(email: str, ip: str) -> str:
    """The subject of the "this address signed in to this account before" key."""
    return f"{email}\n{ip}"


def failure_buckets(settings: Settings, ip: str, email: str) -> list[Bucket]:
    """Wrong passwords per email+address, and per email from all addresses. An address that signed in
    to the account successfully in the last LOGIN_KNOWN_ADDRESS_DAYS is exempt from the second, so a
    distributed guess cannot lock the owner out of the devices they use."""
    window = settings.login_failure_window_seconds
    return [
        Bucket(
            "login-fail-address", known_address(email, ip), settings.login_failures_per_address, window, counts=False
        ),
        Bucket(
            "login-fail-email",
            email,
            settings.login_failures_per_email,
            window,
            counts=False,
            exempt=(KNOWN_ADDRESS_SCOPE, known_address(email, ip)),
        ),
    ]


def password_failure_buckets(settings: Settings, user_id: str, ip: str) -> list[Bucket]:
    """Wrong current passwords on POST /auth/password (the auth service's 401s), throttled like login
    failures: per user and address, and per user from all addresses (a stolen session cannot guess)."""
    window = settings.login_failure_window_seconds
    return [
        Bucket("password-fail-address", f"{user_id}\n{ip}", settings.login_failures_per_address, window, counts=False),
        Bucket("password-fail-user", user_id, settings.login_failures_per_email, window, counts=False),
    ]


def login_email(raw: Any) -> str:
    """The normalised address of a login/register body (the auth service normalises the same way), or ""."""
    if not isinstance(raw, dict) or not isinstance(raw.get("email"), str):
        return ""
    email = str(normalize_email(raw["email"]))
    try:
        email.encode()
    except UnicodeEncodeError:
        # A lone surrogate ("\ud800" in the JSON) cannot key a bucket; the auth service refuses the
        # address with a 400 and the per-address limit still counts it.
        return ""
    return email


async def identify(
    scope: MutableMapping[str, Any],
    headers: Headers,
    settings: Settings,
    tokens: VerifiedTokens,
    checks: RequestChecks,
    *,
    ip: str,
    required: bool,
    login: list[Bucket] | None = None,
) -> Caller:
    """The caller, once its token is verified and unrevoked and its buckets have room.

    `required`: no valid, unrevoked token -> 401 (AUTH_REQUIRED, TOKEN_*). Otherwise a bad or revoked
    token makes the caller anonymous. Redis down -> 503 whenever a token or a login must be checked;
    anonymous limits fail open. `login`: the login buckets replace the per-caller bucket.
    """
    state = scope.setdefault("state", {})
    principal: Principal | None = None
    token = access_token(headers)
    if token:
        try:
            principal = tokens.principal(token)
        except ApplicationError:
            if required:
                raise
    elif required:
        raise ApplicationError("AUTH_REQUIRED", "Log in to continue.", status=401)
    if login is not None:
        buckets = login
    elif principal:
        buckets = [Bucket("user", principal.user_id, settings.rate_limit_user_per_minute)]
    else:
        buckets = [Bucket("anon", ip, settings.rate_limit_anon_per_minute)]
    verdict = await checks.run(principal, buckets)
    if not verdict.available:
        if required or login is not None:
            raise unavailable()
        principal = None  # a public route still answers anonymous callers without Redis
    elif verdict.revoked:
        if required:
            raise revoked()
        principal = None
    if verdict.retry_after is not None:
        raise rate_limited(verdict.retry_after)
    request_id, correlation_id = state.get("request_id", ""), state.get("correlation_id", "")
    if principal is None:
        return Caller("", "", ip, request_id, correlation_id)
    state["user_id"] = principal.user_id
    return Caller(principal.user_id, principal.role, ip, request_id, correlation_id)
