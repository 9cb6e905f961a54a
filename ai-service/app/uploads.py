"""Image uploads: the multipart body is read as a stream and cut off at MAX_UPLOAD_BYTES, the file
type is decided by content (magic bytes, then Pillow), and the photo is re-encoded without metadata.

Only the re-encoded copy is ever written (orientation applied; EXIF, GPS, XMP and comments gone; the
ICC colour profile kept), named by the SHA-256 of that copy. Nothing is written while a request can
still be refused: routes decode, check the quota, analyse, and only then `persist_upload` (file,
then the `uploaded_images` row). Who uploaded it is recorded: a stored image is served only to its
uploaders and admins.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import AsyncGenerator
from dataclasses import dataclass

import anyio
from fastapi import Request
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from smartbreeds_common.errors import ApplicationError
from smartbreeds_common.identity import Identity

from app.core.config import Settings
from app.db.models import ImageUpload
from app.privacy.finality import ensure_not_erased
from app.storage import PhotoStorage, StoredFile

MULTIPART_OVERHEAD_BYTES = 64 * 1024  # boundaries, part headers and small text fields
MAX_IMAGE_PIXELS = 40_000_000  # a 40-megapixel photo is plenty; more is a decompression bomb
VLM_MAX_SIDE = 1024
READ_CHUNK_BYTES = 64 * 1024

JPEG_QUALITY = 92
FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "WEBP": ("webp", "image/webp")}
MIMETYPES = dict(FORMATS.values())  # extension -> content type
STORED_NAME = re.compile(r"([0-9a-f]{64})\.(jpg|png|webp)")  # what persist_upload stores, nothing else


@dataclass(frozen=True, slots=True)
class UploadedImage:
    sha256: str
    extension: str
    mimetype: str
    content: bytes  # the re-encoded copy: what is stored and hashed, never the uploaded bytes
    image: Image.Image  # decoded, EXIF orientation applied, RGB
    vlm_jpeg: bytes  # downscaled copy for the vision LLM

    @property
    def filename(self) -> str:
        return f"{self.sha256}.{self.extension}"

    @property
    def url(self) -> str:
        return f"/api/v1/uploads/{self.filename}"


def too_large(max_bytes: int) -> ApplicationError:
    return ApplicationError(
        "IMAGE_TOO_LARGE", f"The image must not exceed {max_bytes // (1024 * 1024)} MiB.", status=413
    )


def invalid_image(message: str = "The file is not a valid JPEG, PNG or WebP image.") -> ApplicationError:
    return ApplicationError("INVALID_IMAGE", message, status=400)


def sniff_format(head: bytes) -> str | None:
    """JPEG, PNG or WEBP from the first bytes of the file, whatever its name or Content-Type says."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


async def read_multipart(request: Request, *, max_bytes: int, max_files: int = 2) -> FormData:
    """Parse a multipart body, refusing (413) as soon as it grows past what `max_bytes` of images may need."""
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("multipart/form-data"):
        raise ApplicationError(
            "VALIDATION_ERROR",
            "Send the image as multipart/form-data.",
            status=400,
            details={"image": ["This field is required."]},
        )
    limit = max_bytes + MULTIPART_OVERHEAD_BYTES
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_large(max_bytes)

    async def capped_stream() -> AsyncGenerator[bytes, None]:
        received = 0
        async for chunk in request.stream():
            received += len(chunk)
            if received > limit:
                raise too_large(max_bytes)
            yield chunk

    parser = MultiPartParser(request.headers, capped_stream(), max_files=max_files, max_fields=10)
    try:
        return await parser.parse()
    except MultiPartException as exc:
        raise ApplicationError("VALIDATION_ERROR", f"Malformed multipart body: {exc.message}", status=400) from exc


async def read_image_field(form: FormData, *, field: str = "image", max_bytes: int) -> bytes:
    upload = form.get(field)
    if not isinstance(upload, UploadFile):
        raise ApplicationError(
            "VALIDATION_ERROR", "An image file is required.", status=400, details={field: ["This field is required."]}
        )
    buffer = bytearray()
    while chunk := await upload.read(READ_CHUNK_BYTES):
        buffer.extend(chunk)
        if len(buffer) > max_bytes:
            raise too_large(max_bytes)
    if not buffer:
        raise invalid_image("The image file is empty.")
    return bytes(buffer)


def decode_image(content: bytes) -> UploadedImage:
    """Validate and decode (CPU-bound: run in a worker thread)."""
    sniffed = sniff_format(content[:16])
    if sniffed is None:
        raise invalid_image()
    try:
        with Image.open(io.BytesIO(content)) as probe:
            if probe.format != sniffed:
                raise invalid_image()
            width, height = probe.size
            if width * height > MAX_IMAGE_PIXELS:
                raise invalid_image(
                    f"The image is too large in pixels ({width}x{height}); the limit is {MAX_IMAGE_PIXELS:,}."
                )
            probe.verify()
        with Image.open(io.BytesIO(content)) as decoded:
            decoded.load()  # verify() does not decode pixels: a truncated file fails here
            icc_profile = decoded.info.get("icc_profile")
            image = ImageOps.exif_transpose(decoded).convert("RGB")
    except ApplicationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise invalid_image("The image is corrupt or truncated.") from exc
    extension, mimetype = FORMATS[sniffed]
    clean = reencode_without_metadata(
        image, sniffed, icc_profile=icc_profile if isinstance(icc_profile, bytes) else None
    )
    return UploadedImage(
        sha256=hashlib.sha256(clean).hexdigest(),
        extension=extension,
        mimetype=mimetype,
        content=clean,
        image=image,
        vlm_jpeg=_downscaled_jpeg(image),
    )


def reencode_without_metadata(image: Image.Image, image_format: str, *, icc_profile: bytes | None) -> bytes:
    """A fresh file from the decoded pixels: no EXIF (so no GPS), no XMP, no comments; only the ICC profile.

    `image` is a new RGB image (after `exif_transpose` and `convert`), so it carries no `info` of the
    upload; only what is passed to `save` is written.
    """
    out = io.BytesIO()
    options: dict[str, object] = {"icc_profile": icc_profile} if icc_profile else {}
    if image_format == "JPEG":
        options.update(quality=JPEG_QUALITY, optimize=True)
    elif image_format == "WEBP":
        options.update(quality=JPEG_QUALITY)
    elif image_format == "PNG":
        options.update(optimize=False)
    bare = Image.new(image.mode, image.size)
    bare.paste(image)  # pixels only: whatever `info` the image object still holds stays behind
    bare.save(out, format=image_format, **options)
    return out.getvalue()


def _downscaled_jpeg(image: Image.Image) -> bytes:
    copy = image.copy()
    copy.thumbnail((VLM_MAX_SIDE, VLM_MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    copy.save(out, format="JPEG", quality=90)
    return out.getvalue()


def quota_exceeded(message: str) -> ApplicationError:
    return ApplicationError("QUOTA_EXCEEDED", message, status=403)


async def ensure_within_quota(
    session_factory: async_sessionmaker[AsyncSession],
    upload: UploadedImage,
    *,
    user_id: str,
    max_count: int,
    max_bytes: int,
) -> None:
    """403 QUOTA_EXCEEDED when storing `upload` would take the user past their photo count or bytes.

    A photo the user already stored costs nothing more (same re-encoded copy, same row). An early,
    unlocked check (before any analysis); `record_upload` checks again atomically when it stores.
    """
    async with session_factory() as session:
        await _check_quota(session, upload, user_id=user_id, max_count=max_count, max_bytes=max_bytes)


async def _check_quota(
    session: AsyncSession, upload: UploadedImage, *, user_id: str, max_count: int, max_bytes: int
) -> bool:
    """403 QUOTA_EXCEEDED when `upload` would take the user past the quota; True when it is already stored."""
    already = await session.scalar(
        select(ImageUpload.sha256).where(ImageUpload.sha256 == upload.sha256, ImageUpload.user_id == user_id)
    )
    if already is not None:
        return True
    count, total = (
        await session.execute(
            select(func.count(), func.coalesce(func.sum(ImageUpload.size_bytes), 0)).where(
                ImageUpload.user_id == user_id
            )
        )
    ).one()
    if count + 1 > max_count:
        raise quota_exceeded(f"You have stored the maximum of {max_count} photos; delete some to add more.")
    if total + len(upload.content) > max_bytes:
        raise quota_exceeded(f"Your photos would exceed the storage quota of {max_bytes // (1024 * 1024)} MiB.")
    return False


async def record_upload(
    session_factory: async_sessionmaker[AsyncSession],
    upload: UploadedImage,
    *,
    user_id: str,
    max_count: int,
    max_bytes: int,
) -> None:
    """Remember that this user uploaded this image (once: a repeated upload changes nothing).

    Under the user's write lock (app/privacy/finality.py): the quota is counted again there, so
    concurrent uploads cannot pass it together, and an erased user's upload is refused.
    """
    async with session_factory() as session, session.begin():
        await ensure_not_erased(session, user_id)
        if await _check_quota(session, upload, user_id=user_id, max_count=max_count, max_bytes=max_bytes):
            return
        await session.execute(
            insert(ImageUpload)
            .values(sha256=upload.sha256, user_id=user_id, extension=upload.extension, size_bytes=len(upload.content))
            .on_conflict_do_nothing(index_elements=[ImageUpload.sha256, ImageUpload.user_id])
        )


async def receive_image(
    request: Request,
    *,
    settings: Settings,
    uploader: Identity,
    session_factory: async_sessionmaker[AsyncSession],
) -> tuple[UploadedImage, FormData]:
    """The validated, re-encoded image of the request's `image` field, and the whole form
    (size cap and per-user quota from `settings`).

    Nothing is written here: a photo over the uploader's quota is refused (403) before any analysis,
    and the caller stores it with `persist_upload` only once its analysis succeeded.
    """
    form = await read_multipart(request, max_bytes=settings.max_upload_bytes)
    try:
        content = await read_image_field(form, max_bytes=settings.max_upload_bytes)
    finally:
        await form.close()
    upload = await anyio.to_thread.run_sync(decode_image, content)
    if uploader.is_authenticated:
        await ensure_within_quota(
            session_factory,
            upload,
            user_id=uploader.user_id,
            max_count=settings.upload_quota_count,
            max_bytes=settings.upload_quota_bytes,
        )
    return upload, form


async def persist_upload(
    upload: UploadedImage,
    *,
    storage: PhotoStorage,
    uploader: Identity,
    session_factory: async_sessionmaker[AsyncSession],
    settings: Settings,
) -> None:
    """Store an accepted photo: the file (write-once under its content hash), then who uploaded it. A
    file left without a row (a crash in between) is removed by the sweeper (`python -m app.sweep`).

    Refused at the row (over the quota after all, or the uploader erased meanwhile): the file goes too,
    unless another upload row uses it.
    """
    await storage.save(upload.filename, upload.content)
    if not uploader.is_authenticated:
        return
    try:
        await record_upload(
            session_factory,
            upload,
            user_id=uploader.user_id,
            max_count=settings.upload_quota_count,
            max_bytes=settings.upload_quota_bytes,
        )
    except ApplicationError:
        async with session_factory() as session:
            used = await session.scalar(select(ImageUpload.sha256).where(ImageUpload.sha256 == upload.sha256).limit(1))
        if used is None:
            await storage.delete(upload.filename)
        raise


def upload_not_found() -> ApplicationError:
    return ApplicationError("UPLOAD_NOT_FOUND", "Upload not found.", status=404)


async def visible_upload(
    session: AsyncSession, *, name: str, viewer: Identity, storage: PhotoStorage
) -> tuple[StoredFile, str]:
    """The stored file called `name` and its content type, if `viewer` uploaded it (admins: any).

    Anything else (a malformed name, another user's image, a missing file) is the same 404, so the
    answer never tells whether someone else stored that image.
    """
    match = STORED_NAME.fullmatch(name)
    if match is None:
        raise upload_not_found()
    sha256, extension = match.groups()
    if not viewer.is_admin:
        uploaded = await session.scalar(
            select(ImageUpload.sha256).where(
                ImageUpload.sha256 == sha256, ImageUpload.user_id == viewer.user_id, ImageUpload.extension == extension
            )
        )
        if uploaded is None:
            raise upload_not_found()
    stored = await storage.stat(name)
    if stored is None:
        raise upload_not_found()
    return stored, MIMETYPES[extension]
