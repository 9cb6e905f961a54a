"""Erasure is final, and the photo quota is counted atomically: real PostgreSQL, Redis, the classifier
and the upload directory.

- An upload whose analysis is still running when the user's data is erased is refused when it finishes
  (401 TOKEN_REVOKED), and leaves no analysis, no upload row and no file behind.
- Twelve concurrent uploads by a user at 495 of 500 photos store exactly five.
"""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from app.db.models import Analysis, ErasedUser, ImageUpload
from app.privacy.finality import erased_user_hash
from app.uploads import decode_image
from tests.conftest import envelope_error, identity_headers
from tests.images import as_format


async def _post(client, user_id: str, content: bytes, path: str):
    headers = identity_headers(user_id=user_id, role="user")
    return await client.post(path, headers=headers, files={"image": ("pet.jpg", content, "application/octet-stream")})


async def _count(app, model, user_id: str) -> int:
    async with app.state.session_factory() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(model.user_id == user_id)) or 0)


async def test_an_upload_finishing_after_the_erasure_is_refused_and_leaves_nothing(
    client, app, settings, fake_ollama, monkeypatch
) -> None:
    fake_ollama.set_mode("down")
    user = str(uuid.uuid4())
    photo = as_format("chelsea.png", "JPEG", quality=57)
    vision = app.state.vision
    analyzing, release = asyncio.Event(), asyncio.Event()
    analyze = vision.analyze

    async def slow_analyze(*args: Any, **kwargs: Any) -> Any:
        analyzing.set()
        await release.wait()  # a real vision model takes seconds: the account is deleted meanwhile
        return await analyze(*args, **kwargs)

    monkeypatch.setattr(vision, "analyze", slow_analyze)
    upload = asyncio.create_task(_post(client, user, photo, "/api/v1/pets/analyze"))
    await asyncio.wait_for(analyzing.wait(), 30)
    erased = await client.delete(f"/internal/users/{user}/data", headers=identity_headers(user_id=user, role="service"))
    assert erased.status_code == 200
    release.set()
    response = await asyncio.wait_for(upload, 60)

    assert (response.status_code, envelope_error(response)["code"]) == (401, "TOKEN_REVOKED")
    assert await _count(app, Analysis, user) == 0
    assert await _count(app, ImageUpload, user) == 0
    async with app.state.session_factory() as session:
        hashes = set((await session.scalars(select(ErasedUser.user_hash))).all())
    assert erased_user_hash(user) in hashes and user not in hashes  # only a hash of the id is kept
    assert not (Path(settings.upload_dir) / decode_image(photo).filename).exists()  # the photo's bytes are gone
    refused_again = await _post(client, user, as_format("chelsea.png", "JPEG", quality=58), "/api/v1/vision/analyze")
    assert refused_again.status_code == 401


async def test_concurrent_uploads_never_pass_the_photo_quota(client, app, settings, fake_ollama, monkeypatch) -> None:
    fake_ollama.set_mode("down")
    monkeypatch.setattr(settings, "upload_quota_count", 500)
    monkeypatch.setattr(settings, "upload_quota_bytes", 10**12)
    user = str(uuid.uuid4())
    async with app.state.session_factory() as session, session.begin():
        await session.execute(
            insert(ImageUpload),
            [{"sha256": f"{n:064x}", "user_id": user, "extension": "jpg", "size_bytes": 1} for n in range(495)],
        )
    photos = [as_format("chelsea.png", "JPEG", quality=q) for q in range(40, 52)]
    responses = await asyncio.gather(*(_post(client, user, photo, "/api/v1/vision/analyze") for photo in photos))
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] * 5 + [403] * 7
    assert {envelope_error(r)["code"] for r in responses if r.status_code == 403} == {"QUOTA_EXCEEDED"}
    assert await _count(app, ImageUpload, user) == 500
