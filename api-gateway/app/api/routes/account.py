"""DELETE /users/me: the user service's data first, then the account at the auth service."""

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.api.deps import CurrentUser, SettingsDep, UpstreamsDep
from app.api.routes.openapi_docs import envelope_responses
from app.headers import downstream_headers, strip_identity_headers, upstream_headers
from smartbreeds_common.errors import ApplicationError

router = APIRouter()


@router.delete(
    "/api/v1/users/me",
    summary="Delete my account and all my data",
    tags=["gateway"],
    responses=envelope_responses(200, None, [401, 429, 503, 504]),
)
async def delete_account(request: Request, caller: CurrentUser, settings: SettingsDep, upstreams: UpstreamsDep) -> Response:
    def headers(keep_cookies: bool) -> list[tuple[str, str]]:
        return upstream_headers(
            strip_identity_headers(request.scope["headers"], keep_cookies=keep_cookies),
            settings,
            user_id=caller.user_id,
            role=caller.role,
            request_id=caller.request_id,
            correlation_id=caller.correlation_id,
            ip=caller.ip,
        )

    data_removed = await upstreams.send("user", "DELETE", "/api/v1/users/me", headers=headers(False), idempotent=True)
    await data_removed.aread()
    await data_removed.aclose()
    if data_removed.status_code != 200:
        raise ApplicationError("SERVICE_UNAVAILABLE", "Your data could not be deleted; nothing was removed.", status=503)
    account_removed = await upstreams.send("auth", "DELETE", "/api/v1/auth/me", headers=headers(True), idempotent=True)
    body = await account_removed.aread()
    await account_removed.aclose()
    response = Response(content=body, status_code=account_removed.status_code)
    response.raw_headers = downstream_headers(account_removed.headers.raw)
    return response
