"""Gateway identity for FastAPI services behind the gateway (the AI service).

Use `make_identity_dependency(get_secret)` once in the service's `api/deps.py`.
"""

from collections.abc import Callable

import structlog
from fastapi import Request

from smartbreeds_common import identity
from smartbreeds_common.errors import ApplicationError

logger = structlog.get_logger(__name__)


def make_identity_dependency(get_secret: Callable[[Request], str]) -> Callable[[Request], identity.Identity]:
    def gateway_identity(request: Request) -> identity.Identity:
        try:
            ident = identity.verify(get_secret(request), request.headers)
        except identity.IdentityError as exc:
            logger.warning("gateway_signature_refused", reason=str(exc), path=request.url.path)
            raise ApplicationError(
                "GATEWAY_REQUIRED", "Requests must come through the API gateway.", status=401
            ) from exc
        request.state.user_id = ident.user_id or None
        structlog.contextvars.bind_contextvars(user_id=ident.user_id or None)
        return ident

    return gateway_identity


def require_user(ident: identity.Identity) -> identity.Identity:
    if not ident.is_authenticated:
        raise ApplicationError("AUTH_REQUIRED", "Log in to continue.", status=401)
    return ident


def require_admin(ident: identity.Identity) -> identity.Identity:
    require_user(ident)
    if not ident.is_admin:
        raise ApplicationError("FORBIDDEN", "Administrators only.", status=403)
    return ident
