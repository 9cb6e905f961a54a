"""The two auth cookies with exactly the contract's attributes (no Expires, no Domain)."""

from django.conf import settings
from django.http import HttpResponse

from apps.accounts.tokens import TokenPair

ACCESS_COOKIE = "__Host-access_token"  # Secure, Path=/, no Domain: no subdomain or plain-HTTP page can set it
REFRESH_COOKIE = "refresh_token"


def _set(response: HttpResponse, name: str, value: str, *, path: str, max_age: int) -> None:
    response.cookies[name] = value
    morsel = response.cookies[name]
    morsel["path"] = path
    morsel["max-age"] = max_age
    morsel["httponly"] = True
    morsel["samesite"] = "Strict"
    if settings.COOKIE_SECURE:
        morsel["secure"] = True


def set_auth_cookies(response: HttpResponse, tokens: TokenPair) -> None:
    _set(
        response,
        ACCESS_COOKIE,
        tokens.access.token,
        path=settings.ACCESS_COOKIE_PATH,
        max_age=settings.ACCESS_TOKEN_TTL_SECONDS,
    )
    _set(
        response,
        REFRESH_COOKIE,
        tokens.refresh.token,
        path=settings.REFRESH_COOKIE_PATH,
        max_age=settings.REFRESH_TOKEN_TTL_SECONDS,
    )


def clear_auth_cookies(response: HttpResponse) -> None:
    _set(response, ACCESS_COOKIE, "", path=settings.ACCESS_COOKIE_PATH, max_age=0)
    _set(response, REFRESH_COOKIE, "", path=settings.REFRESH_COOKIE_PATH, max_age=0)
