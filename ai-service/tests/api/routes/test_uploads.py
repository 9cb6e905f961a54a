"""GET /api/v1/uploads/{name}: a stored photo goes back only to a user who uploaded it (and admins),
against real PostgreSQL (the uploaded_images table) and the service's upload directory."""

from __future__ import annotations

import hashlib
import io
import uuid
from collections.abc import Callable

import httpx
import pytest
from PIL import Image

from tests.conftest import envelope_data, envelope_error, identity_headers
from tests.images import as_format, photo_bytes


async def _upload(client: httpx.AsyncClient, headers: dict[str, str], content: bytes, fake_ollama) -> str:
    fake_ollama.set_mode("down")  # the classifier answers: no VLM reply to queue
    files = {"image": ("pet.bin", content, "application/octet-stream")}
    response = await client.post("/api/v1/vision/analyze", headers=headers, files=files)
    return envelope_data(response)["image_url"]


def _other_user() -> dict[str, str]:
    return identity_headers(user_id=str(uuid.uuid4()), role="user")


async def test_the_uploader_gets_the_stored_copy_as_a_private_image(client, user_headers, fake_ollama) -> None:
    content = photo_bytes("chelsea.png")
    url = await _upload(client, user_headers(), content, fake_ollama)
    assert url.startswith("/api/v1/uploads/") and url.endswith(".png")
    response = await client.get(url, headers=user_headers())
    assert response.status_code == 200
    # A re-encoded copy (named by its own hash), with the same pixels: PNG is lossless.
    assert url == f"/api/v1/uploads/{hashlib.sha256(response.content).hexdigest()}.png"
    with Image.open(io.BytesIO(response.content)) as served, Image.open(io.BytesIO(content)) as sent:
        assert served.convert("RGB").tobytes() == sent.convert("RGB").tobytes()
    assert response.headers["content-type"] == "image/png"
    assert response.headers["cache-control"] == "private, max-age=86400"
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    ("fmt", "extension", "mimetype"), [("JPEG", "jpg", "image/jpeg"), ("WEBP", "webp", "image/webp")]
)
async def test_the_content_type_follows_the_stored_format(
    client, user_headers, fake_ollama, fmt, extension, mimetype
) -> None:
    url = await _upload(client, user_headers(), as_format("chelsea.png", fmt, quality=83), fake_ollama)
    assert url.endswith(f".{extension}")
    assert (await client.get(url, headers=user_headers())).headers["content-type"] == mimetype


async def test_another_user_gets_the_same_404_as_for_a_missing_image(client, user_headers, fake_ollama) -> None:
    url = await _upload(client, user_headers(), photo_bytes("chelsea.png"), fake_ollama)
    response = await client.get(url, headers=_other_user())
    assert response.status_code == 404
    assert envelope_error(response)["code"] == "UPLOAD_NOT_FOUND"
    missing = await client.get(f"/api/v1/uploads/{'0' * 64}.png", headers=user_headers())
    assert (missing.status_code, envelope_error(missing)) == (404, envelope_error(response))


async def test_a_second_uploader_of_the_same_photo_may_see_it_too(client, user_headers, fake_ollama) -> None:
    content = photo_bytes("chelsea.png")
    url = await _upload(client, user_headers(), content, fake_ollama)
    other = str(uuid.uuid4())
    assert await _upload(client, identity_headers(user_id=other, role="user"), content, fake_ollama) == url
    assert (await client.get(url, headers=identity_headers(user_id=other, role="user"))).status_code == 200
    assert (await client.get(url, headers=user_headers())).status_code == 200


async def test_uploading_the_same_photo_twice_is_one_record(client, user_headers, fake_ollama) -> None:
    content = photo_bytes("chelsea.png")
    first = await _upload(client, user_headers(), content, fake_ollama)
    assert await _upload(client, user_headers(), content, fake_ollama) == first  # no duplicate-key error
    assert (await client.get(first, headers=user_headers())).status_code == 200


async def test_an_admin_may_see_any_upload(
    client, user_headers, admin_headers: Callable[[], dict[str, str]], fake_ollama
) -> None:
    url = await _upload(client, user_headers(), photo_bytes("chelsea.png"), fake_ollama)
    response = await client.get(url, headers=admin_headers())
    assert response.status_code == 200 and response.content == (await client.get(url, headers=user_headers())).content


@pytest.mark.parametrize(
    "name",
    [
        "0" * 64 + ".gif",
        "0" * 63 + ".png",
        "A" * 64 + ".png",
        "0" * 64 + ".png.txt",
        "0" * 64 + ".png%0A",
        "0" * 64,
        "settings.conf",
        "..%2F..%2Fetc%2Fpasswd",
    ],
)
async def test_a_name_the_store_never_writes_is_404(client, admin_headers, name: str) -> None:
    response = await client.get(f"/api/v1/uploads/{name}", headers=admin_headers())
    assert response.status_code == 404
    assert envelope_error(response)["code"] in ("UPLOAD_NOT_FOUND", "NOT_FOUND")


async def test_an_existing_file_with_a_bad_name_is_not_served(client, admin_headers, settings) -> None:
    (settings.upload_dir / "notes.png").write_bytes(b"secret")
    response = await client.get("/api/v1/uploads/notes.png", headers=admin_headers())
    assert (response.status_code, envelope_error(response)["code"]) == (404, "UPLOAD_NOT_FOUND")


async def test_an_anonymous_caller_is_refused_like_on_every_user_route(client, user_headers, fake_ollama) -> None:
    url = await _upload(client, user_headers(), photo_bytes("chelsea.png"), fake_ollama)
    anonymous = await client.get(url, headers=identity_headers())
    assert (anonymous.status_code, envelope_error(anonymous)["code"]) == (401, "AUTH_REQUIRED")
    unsigned = await client.get(url)
    assert (unsigned.status_code, envelope_error(unsigned)["code"]) == (401, "GATEWAY_REQUIRED")
