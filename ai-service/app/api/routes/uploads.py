"""GET /api/v1/uploads/{name}: a stored pet photo (or its `<sha256>-320.webp` thumbnail), for the users who
uploaded it (and admins)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from app.analysis.thumbnails import THUMBNAIL_MIMETYPE, THUMBNAIL_NAME, visible_thumbnail
from app.api.deps import CurrentUser, PhotoStorageDep, SessionDep
from app.uploads import MIMETYPES, upload_not_found, visible_upload

router = APIRouter(prefix="/api/v1/uploads", tags=["uploads"])

# Private: a shared cache must never hand one user's photo to another.
IMAGE_HEADERS = {"Cache-Control": "private, max-age=86400", "X-Content-Type-Options": "nosniff"}
IMAGE_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The image",
        "content": {
            mimetype: {"schema": {"type": "string", "format": "binary"}}
            for mimetype in sorted({*MIMETYPES.values(), THUMBNAIL_MIMETYPE})
        },
    }
}


@router.get("/{name}", response_class=StreamingResponse, responses=IMAGE_RESPONSE)
async def get_upload(name: str, user: CurrentUser, session: SessionDep, photos: PhotoStorageDep) -> StreamingResponse:
    thumbnail = THUMBNAIL_NAME.fullmatch(name)
    if thumbnail is not None:
        found = await visible_thumbnail(session, sha256=thumbnail.group(1), viewer=user, storage=photos)
        if found is None:
            raise upload_not_found()
        stored, mimetype = found, THUMBNAIL_MIMETYPE
    else:
        stored, mimetype = await visible_upload(session, name=name, viewer=user, storage=photos)
    # Streamed chunk by chunk from the storage (async file reads): the event loop never blocks on it.
    headers = {**IMAGE_HEADERS, "Content-Length": str(stored.size)}
    return StreamingResponse(photos.chunks(name), media_type=mimetype, headers=headers)
