"""The account export: one zip streamed to the browser, never held whole in memory or on disk.

`photos/<name>` for each stored photo of the user (streamed from the AI service one by one) and,
last, `account.json`: the user (auth), profile, pets and pet analyses (user service), analyses and
recommendation history (AI service), and the list of photos actually included. Everything is read
with the caller's signed identity, so each service answers with the caller's own data only.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterable, AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import structlog
from stream_zip import ZIP_64, AsyncMemberFile, async_stream_zip

from app.clients.upstream import Upstreams
from smartbreeds_common.errors import ApplicationError

logger = structlog.get_logger(__name__)

# A safety net above the AI service's per-user photo quota (1 GiB by default): photos past it are
# listed in account.json as omitted instead of making the download endless.
MAX_EXPORT_PHOTO_BYTES = 4 * 1024 * 1024 * 1024
FILE_MODE = 0o600

HeadersFor = Callable[[bool], list[tuple[str, str]]]


async def _json_data(upstreams: Upstreams, service: str, path: str, headers: list[tuple[str, str]]) -> Any:
    response = await upstreams.get_json(service, path, headers=headers)
    if response.status_code != 200:
        logger.warning("export_part_failed", service=service, status=response.status_code)
        raise ApplicationError(
            "SERVICE_UNAVAILABLE", f"Your data at the {service} service cannot be read right now.", status=503
        )
    return response.json().get("data")


async def gather_account(upstreams: Upstreams, headers_for: HeadersFor) -> dict[str, Any]:
    """Every service's part; any failure is a 503 before a single byte of the zip is sent."""
    me = await _json_data(upstreams, "auth", "/api/v1/auth/me", headers_for(True))
    user = me.get("user", me) if isinstance(me, dict) else me  # the contract's `{user}`
    user_part = await _json_data(upstreams, "user", "/internal/users/me/export", headers_for(False))
    ai_part = await _json_data(upstreams, "ai", "/internal/users/me/export", headers_for(False))
    return {"user": user, **(user_part or {}), **(ai_part or {})}


async def _photo_chunks(
    upstreams: Upstreams, name: str, headers_for: HeadersFor, included: list[str]
) -> AsyncIterator[bytes]:
    response = await upstreams.send("ai", "GET", f"/api/v1/uploads/{name}", headers=headers_for(False), idempotent=True)
    try:
        if response.status_code != 200:  # deleted meanwhile: the member stays empty and is not listed
            logger.warning("export_photo_skipped", status=response.status_code)
            return
        async for chunk in response.aiter_bytes():
            yield chunk
        included.append(name)
    except httpx.HTTPError as exc:  # the zip is already streaming: end this member, note it in account.json
        logger.warning("export_photo_interrupted", error_type=type(exc).__name__)
    finally:
        await response.aclose()


async def _one(data: bytes) -> AsyncIterator[bytes]:
    yield data


def stream_account_zip(upstreams: Upstreams, headers_for: HeadersFor, account: dict[str, Any]) -> AsyncIterable[bytes]:
    now = datetime.now(UTC)
    photos = [
        photo for photo in account.pop("photos", []) if isinstance(photo, dict) and isinstance(photo.get("name"), str)
    ]
    wanted: list[str] = []
    omitted: list[str] = []
    total = 0
    for photo in photos:
        total += int(photo.get("size_bytes") or 0)
        (wanted if total <= MAX_EXPORT_PHOTO_BYTES else omitted).append(photo["name"])
    included: list[str] = []

    async def members() -> AsyncIterator[AsyncMemberFile]:
        for name in wanted:
            yield f"photos/{name}", now, FILE_MODE, ZIP_64, _photo_chunks(upstreams, name, headers_for, included)
        document = {
            "exported_at": now.isoformat().replace("+00:00", "Z"),
            **account,
            "photos": [f"photos/{name}" for name in included],
            "photos_not_included": [name for name in [*wanted, *omitted] if name not in included],
        }
        yield "account.json", now, FILE_MODE, ZIP_64, _one(json.dumps(document, indent=2, ensure_ascii=False).encode())

    return async_stream_zip(members())
