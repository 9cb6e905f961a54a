"""The account as a whole: DELETE /api/v1/users/me (erasure everywhere) and GET /api/v1/users/me/export.

Deletion: the auth service deletes the account (every token of the user dies at once) and, in the
same transaction, records one durable erasure job per downstream service; its worker
(`manage.py run_erasures`) then makes the user and AI services forget the user, retrying with backoff
while one is down. So the gateway only has to call the auth service.
"""

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.responses import Response, StreamingResponse

from app.account_export import HeadersFor, gather_account, stream_account_zip
from app.api.deps import Caller, CurrentUser, SettingsDep, UpstreamsDep
from app.core.config import Settings
from app.headers import downstream_headers, strip_identity_headers, upstream_headers
from app.openapi.errors import error_responses
from smartbreeds_common.errors import ApplicationError
from smartbreeds_common.fastapi.schemas import Envelope, ErrorEnvelope

router = APIRouter()


class AccountDeleteInput(BaseModel):
    """The account's password, asked again before it is erased."""

    model_config = ConfigDict(extra="forbid")

    password: str = Field(min_length=1, max_length=256)


class AccountDeleted(BaseModel):
    """The auth service's answer to the erasure, passed through."""

    id: str
    deleted: bool


def _headers_for(request: Request, caller: Caller, settings: Settings) -> HeadersFor:
    def headers(keep_cookies: bool) -> list[tuple[str, str]]:
        """Fresh on each call: the identity signature carries a timestamp and a long export outlives it."""
        return upstream_headers(
            strip_identity_headers(request.scope["headers"], keep_cookies=keep_cookies),
            settings,
            user_id=caller.user_id,
            role=caller.role,
            request_id=caller.request_id,
            correlation_id=caller.correlation_id,
            ip=caller.ip,
        )

    return headers


def _validated(body: bytes) -> AccountDeleteInput:
    """The body, or 400 VALIDATION_ERROR (never FastAPI's 422: the body is read by hand)."""
    try:
        return AccountDeleteInput.model_validate_json(body or b"{}")
    except ValidationError as exc:
        details: dict[str, list[str]] = {}
        for error in exc.errors():
            field = ".".join(str(part) for part in error["loc"]) or "body"
            details.setdefault(field, []).append(error["msg"])
        raise ApplicationError("VALIDATION_ERROR", "Invalid input.", status=400, details=details) from exc


@router.delete(
    "/api/v1/users/me",
    summary="Delete my account and all my data",
    tags=["gateway"],
    response_model=Envelope[AccountDeleted],
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": AccountDeleteInput.model_json_schema()}},
        }
    },
    responses={
        **error_responses(400, 401, 429, 503, 504),
        401: {
            "model": ErrorEnvelope,
            "description": "INVALID_CREDENTIALS (wrong password; the session goes on), or a dead session's code",
        },
    },
)
async def delete_account(
    request: Request, caller: CurrentUser, settings: SettingsDep, upstreams: UpstreamsDep
) -> Response:
    """The auth service checks the password (401 INVALID_CREDENTIALS) before anything is erased."""
    body = await request.body()
    _validated(body)
    headers = _headers_for(request, caller, settings)
    account_removed = await upstreams.send(
        "auth", "DELETE", "/api/v1/auth/me", headers=headers(True), content=body, idempotent=True
    )
    body = await account_removed.aread()
    await account_removed.aclose()
    response = Response(content=body, status_code=account_removed.status_code)
    response.raw_headers = downstream_headers(account_removed.headers.raw)
    return response


@router.get(
    "/api/v1/users/me/export",
    summary="Download my data (zip: account.json and my photos)",
    tags=["gateway"],
    response_class=StreamingResponse,
    responses={
        **error_responses(401, 429, 503, 504),
        200: {
            "description": "A zip archive",
            "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
        },
    },
)
async def export_account(
    request: Request, caller: CurrentUser, settings: SettingsDep, upstreams: UpstreamsDep
) -> StreamingResponse:
    headers = _headers_for(request, caller, settings)
    account = await gather_account(upstreams, headers)
    filename = f"smartbreeds-export-{caller.user_id}.zip"
    return StreamingResponse(
        stream_account_zip(upstreams, headers, account),
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )
