"""DELETE /api/v1/users/me: the profile and pets at the user service first, then the account at auth."""

from __future__ import annotations

import structlog
from fastapi import APIRouter, Request, Response

from app.api.deps import CurrentUser, SettingsDep, UpstreamDep
from app.api.routes.proxy import stream_back
from smartbreeds_common.errors import ApplicationError

logger = structlog.get_logger(__name__)

router = APIRouter(tags=["account"])


@router.delete("/users/me", summary="Delete the caller's account and all their data")
async def delete_account(request: Request, caller: CurrentUser, settings: SettingsDep, upstream: UpstreamDep) -> Response:
    identity = {**caller.signed_headers(settings.gateway_signing_secret), "X-Forwarded-For": caller.client_ip}
    user_response = await upstream.send(
        "user", "DELETE", settings.service_url("user") + "/api/v1/users/me", headers=identity, timeout=settings.upstream_timeout_seconds
    )
    await user_response.aclose()
    if not user_response.is_success:
        # Stop here: the login still exists, so the user can retry; nothing was deleted at auth.
        logger.warning("account_deletion_user_step_failed", status=user_response.status_code)
        raise ApplicationError("SERVICE_UNAVAILABLE", "The account could not be deleted; try again later.", status=503)
    auth_headers = dict(identity)
    if cookie := request.headers.get("cookie"):
        auth_headers["Cookie"] = cookie  # the auth service reads the access cookie and clears both
    auth_response = await upstream.send(
        "auth", "DELETE", settings.service_url("auth") + "/api/v1/auth/me", headers=auth_headers, timeout=settings.upstream_timeout_seconds
    )
    return stream_back(auth_response)
