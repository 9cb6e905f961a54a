"""Thumbnails: a 320 px WebP copy of each stored photo, for lists and cards (the photo itself only on demand).

A thumbnail is stored beside its photo as `<sha256 of the photo>-320.webp` and served by the same
route as the photo (GET /api/v1/uploads/{name}) to the same people: those who uploaded the photo.
It is made once, when the analysed photo is stored; one missing (a photo stored before thumbnails
existed) is made from the photo on its first request and kept.
"""

from __future__ import annotations

import io
import re

import anyio
from PIL import Image
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from smartbreeds_common.identity import Identity

from app.db.models import ImageUpload
from app.storage import PhotoStorage, StoredFile

THUMBNAIL_SIDE = 320
THUMBNAIL_QUALITY = 80
THUMBNAIL_MIMETYPE = "image/webp"
THUMBNAIL_NAME = re.compile(r"([0-9a-f]{64})-320\.webp")
_PHOTO_URL = re.compile(r"^(?P<prefix>.*/)(?P<sha256>[0-9a-f]{64})\.(?:jpg|png|webp)$")


def thumbnail_name(sha256: str) -> str:
    return f"{sha256}-{THUMBNAIL_SIDE}.webp"


def thumbnail_url_for(image_url: str) -> str:
    """`/api/v1/uploads/<sha>.jpg` -> `/api/v1/uploads/<sha>-320.webp`; any other URL is its own thumbnail."""
    match = _PHOTO_URL.match(image_url)
    if match is None:
        return image_url
    return f"{match['prefix']}{thumbnail_name(match['sha256'])}"


def make_thumbnail(image: Image.Image) -> bytes:
    """At most THUMBNAIL_SIDE px on the long side, WebP (CPU-bound: call from a worker thread)."""
    copy = image.convert("RGB")
    copy.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    copy.save(out, format="WEBP", quality=THUMBNAIL_QUALITY, method=4)
    return out.getvalue()


async def store_thumbnail(storage: PhotoStorage, *, sha256: str, image: Image.Image) -> None:
    """Made once per photo: an existing thumbnail is left as it is (names are write-once)."""
    name = thumbnail_name(sha256)
    if await storage.stat(name) is not None:
        return
    await storage.save(name, await anyio.to_thread.run_sync(make_thumbnail, image))


async def visible_thumbnail(
    session: AsyncSession, *, sha256: str, viewer: Identity, storage: PhotoStorage
) -> StoredFile | None:
    """The thumbnail of a photo `viewer` uploaded (admins: any), made now if it is missing; None otherwise."""
    query = select(ImageUpload.extension).where(ImageUpload.sha256 == sha256)
    if not viewer.is_admin:
        query = query.where(ImageUpload.user_id == viewer.user_id)
    extension = await session.scalar(query.limit(1))
    if extension is None:
        return None
    name = thumbnail_name(sha256)
    stored = await storage.stat(name)
    if stored is not None:
        return stored
    original = f"{sha256}.{extension}"
    if await storage.stat(original) is None:
        return None
    content = b"".join([chunk async for chunk in storage.chunks(original)])

    def from_bytes() -> bytes:
        with Image.open(io.BytesIO(content)) as image:
            return make_thumbnail(image)

    await storage.save(name, await anyio.to_thread.run_sync(from_bytes))
    return await storage.stat(name)
