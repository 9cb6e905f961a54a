"""The caller's user id, as the gateway vouched for it."""

from uuid import UUID

from rest_framework.request import Request
from smartbreeds_common.errors import ApplicationError


def caller_user_id(request: Request) -> UUID:
    """The signed `X-User-ID` as a UUID; anything else is not an identity this service can own data for."""
    try:
        return UUID(str(getattr(request.user, "id", "")))
    except ValueError as exc:
        raise ApplicationError("AUTH_REQUIRED", "A valid user identity is required.", status=401) from exc
