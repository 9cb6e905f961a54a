"""GET /api/v1/uploads/{name}: a stored pet photo, for the users who uploaded it (and admins)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from app.api.deps import CurrentUser, PhotoStorageDep, SessionDep
from app.uploads import MIMETYPES, visible_upload

router = APIRouter(prefix="/api/v1/uploads", tags=["uploads"])

# Private: a shared cache must never hand one user's photo to another.
IMAGE_HEADERS = {"Cache-Control": "private, max-age=86400", "X-Content-Type-Options": "nosniff"}
IMAGE_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The image",
        "content": {mimetype: {"schema": {"type": "string", "format": "binary"}} for mimetype in MIMETYPES.values()},
    }
}


@router.get("/{name}", response_class=StreamingResponse, responses=IMAGE_RESPONSE)
async def get_upload(name: str, user: CurrentUser, session: SessionDep, photos: PhotoStorageDep) -> StreamingResponse:
    stored, mimetype = await visible_upload(session, name=name, viewer=user, storage=photos)
    # Streamed chunk by chunk from the storage (async file reads): the event loop never blocks on it.
    headers = {**IMAGE_HEADERS, "Content-Length": str(stored.size)}
    return StreamingResponse(photos.chunks(name), media_type=mimetype, headers=headers)
