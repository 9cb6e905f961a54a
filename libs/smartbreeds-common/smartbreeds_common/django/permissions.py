"""DRF authentication from the gateway's verified identity, and the permissions built on it."""

from typing import Any

from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from smartbreeds_common.identity import Identity


class GatewayUser:
    """The caller as the gateway vouched for it; not a database row."""

    def __init__(self, ident: Identity) -> None:
        self.id = ident.user_id
        self.role = ident.role
        self.is_authenticated = ident.is_authenticated
        self.is_admin = ident.is_admin


class GatewayIdentityAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[GatewayUser, None] | None:
        ident: Identity | None = getattr(request._request, "identity", None)
        if ident is None or not ident.is_authenticated:
            return None
        return GatewayUser(ident), None

    def authenticate_header(self, request: Request) -> str:
        # A non-empty value makes DRF answer 401 (not 403) to anonymous callers.
        return 'Cookie realm="api"'


class IsAuthenticatedUser(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(getattr(request.user, "is_authenticated", False))


class IsAdminUser(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(getattr(request.user, "is_admin", False))
