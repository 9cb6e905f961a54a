"""The caller's user id, as the gateway vouched for it (`GatewayIdentityAuthentication` sets `request.user`)."""

from typing import Any
from uuid import UUID

from smartbreeds_common.errors import ApplicationError


def optional_caller_id(request: Any) -> str | None:
    """The signed `X-User-ID`, or None for an anonymous call (register, login, refresh)."""
    user = getattr(request, "user", None)
    return str(user.id) if user is not None and getattr(user, "is_authenticated", False) else None


def caller_user_id(request: Any) -> UUID:
    """The signed `X-User-ID` as a UUID; anything else is not an identity a service can own data for (401)."""
    try:
        return UUID(str(getattr(request.user, "id", "")))
    except ValueError as exc:
        raise ApplicationError("AUTH_REQUIRED", "A valid user identity is required.", status=401) from exc
