"""Photos are stored without metadata, only once accepted, and within the user's quota; the sweeper
removes files no row points to. Real PostgreSQL, Redis, the classifier and the upload directory."""

from __future__ import annotations

import io
import os
import time
import uuid
from pathlib import Path

import pytest
from PIL import ExifTags, Image
from sqlalchemy import func, select

from app.db.models import ImageUpload
from app.sweep import sweep_uploads
from tests.conftest import envelope_data, envelope_error, identity_headers
from tests.images import as_format, photo_bytes, photo_path


def _exif_with_gps(*, orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCo"
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (48.0, 51.0, 29.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (2.0, 17.0, 40.0)
    return exif


def _jpeg_with_gps_and_comment() -> bytes:
    """Chelsea as a JPEG with a GPS EXIF block, an orientation tag (rotate 90) and a comment."""
    exif = _exif_with_gps(orientation=6)
    out = io.BytesIO()
    with Image.open(photo_path("chelsea.png")) as image:
        image.convert("RGB").save(out, format="JPEG", quality=90, exif=exif, comment=b"at home, 12 Rue Example")
    return out.getvalue()


async def _post(client, headers: dict[str, str], content: bytes, path: str = "/api/v1/vision/analyze"):
    return await client.post(path, headers=headers, files={"image": ("pet.jpg", content, "application/octet-stream")})


def _stored_files(settings) -> set[str]:
    directory = Path(settings.upload_dir)
    return {p.name for p in directory.iterdir()} if directory.is_dir() else set()


async def _rows_of(app, user_id: str) -> int:
    async with app.state.session_factory() as session:
        return int(
            await session.scalar(select(func.count()).select_from(ImageUpload).where(ImageUpload.user_id == user_id))
            or 0
        )


async def test_gps_exif_and_comment_are_gone_and_orientation_is_applied(
    client, user_headers, fake_ollama, settings
) -> None:
    fake_ollama.set_mode("down")
    original = _jpeg_with_gps_and_comment()
    assert b"PhoneCo" in original and b"12 Rue Example" in original
    with Image.open(io.BytesIO(original)) as sent:
        assert sent.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    url = envelope_data(await _post(client, user_headers(), original))["image_url"]
    stored = (await client.get(url, headers=user_headers())).content
    assert b"PhoneCo" not in stored and b"12 Rue Example" not in stored and b"Exif" not in stored
    with Image.open(io.BytesIO(stored)) as served, Image.open(photo_path("chelsea.png")) as source:
        assert not served.getexif() and "comment" not in served.info and "xmp" not in served.info
        assert served.size == (source.height, source.width)  # orientation 6 was applied to the pixels
    assert (Path(settings.upload_dir) / url.rsplit("/", 1)[1]).read_bytes() == stored  # only the clean copy on disk


async def test_the_icc_profile_may_stay(client, user_headers, fake_ollama) -> None:
    fake_ollama.set_mode("down")
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    content = as_format("chelsea.png", "JPEG", quality=88, icc_profile=profile)
    url = envelope_data(await _post(client, user_headers(), content))["image_url"]
    with Image.open(io.BytesIO((await client.get(url, headers=user_headers())).content)) as served:
        assert served.info.get("icc_profile") == profile


async def test_a_photo_refused_with_422_leaves_nothing_behind(client, app, settings, user_id, user_headers) -> None:
    before = _stored_files(settings)
    for path in ("/api/v1/vision/analyze", "/api/v1/pets/analyze"):
        response = await _post(client, user_headers(), photo_bytes("coffee.png"), path)
        assert (response.status_code, envelope_error(response)["code"]) == (422, "NO_PET_DETECTED")
    assert _stored_files(settings) == before
    assert await _rows_of(app, user_id) == 0


async def test_an_invalid_upload_leaves_nothing_behind(client, app, settings, user_id, user_headers) -> None:
    before = _stored_files(settings)
    response = await _post(client, user_headers(), photo_bytes("chelsea.png")[:5000])
    assert response.status_code == 400
    assert _stored_files(settings) == before and await _rows_of(app, user_id) == 0


async def test_over_the_photo_count_quota_is_403_and_stores_nothing(
    client, app, settings, fake_ollama, monkeypatch
) -> None:
    fake_ollama.set_mode("down")
    monkeypatch.setattr(settings, "upload_quota_count", 2)
    user = str(uuid.uuid4())
    photos = [as_format("chelsea.png", "JPEG", quality=q) for q in (70, 71, 72)]
    for photo in photos[:2]:
        assert (await _post(client, identity_headers(user_id=user, role="user"), photo)).status_code == 200
    before = _stored_files(settings)
    refused = await _post(client, identity_headers(user_id=user, role="user"), photos[2])
    assert (refused.status_code, envelope_error(refused)["code"]) == (403, "QUOTA_EXCEEDED")
    assert _stored_files(settings) == before and await _rows_of(app, user) == 2
    again = await _post(client, identity_headers(user_id=user, role="user"), photos[0])  # already stored: free
    assert again.status_code == 200


async def test_over_the_photo_bytes_quota_is_403(client, settings, fake_ollama, monkeypatch) -> None:
    fake_ollama.set_mode("down")
    monkeypatch.setattr(settings, "upload_quota_bytes", 1000)
    refused = await _post(
        client, identity_headers(user_id=str(uuid.uuid4()), role="user"), as_format("chelsea.png", "JPEG", quality=60)
    )
    assert (refused.status_code, envelope_error(refused)["code"]) == (403, "QUOTA_EXCEEDED")


async def test_the_sweeper_removes_only_old_files_no_row_points_to(client, user_headers, fake_ollama, settings) -> None:
    fake_ollama.set_mode("down")
    kept = envelope_data(await _post(client, user_headers(), as_format("chelsea.png", "PNG")))["image_url"].rsplit(
        "/", 1
    )[1]
    directory = Path(settings.upload_dir)
    orphan, fresh, temp = directory / f"{'a' * 64}.jpg", directory / f"{'b' * 64}.png", directory / ".upload-x1"
    for path in (orphan, fresh, temp):
        path.write_bytes(b"x")
    old = time.time() - settings.sweep_grace_seconds - 60
    for path in (orphan, temp, directory / kept):
        os.utime(path, (old, old))
    assert sorted((await sweep_uploads(settings, dry_run=True)).removed) == sorted([orphan.name, temp.name])
    assert orphan.exists()
    result = await sweep_uploads(settings)
    assert sorted(result.removed) == sorted([orphan.name, temp.name])
    assert not orphan.exists() and not temp.exists() and fresh.exists() and (directory / kept).exists()
    fresh.unlink()


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
async def test_png_and_webp_lose_their_exif_too(client, user_headers, fake_ollama, fmt) -> None:
    fake_ollama.set_mode("down")
    content = as_format("chelsea.png", fmt, exif=_exif_with_gps())
    assert b"PhoneCo" in content
    url = envelope_data(await _post(client, user_headers(), content))["image_url"]
    stored = (await client.get(url, headers=user_headers())).content
    assert b"PhoneCo" not in stored
