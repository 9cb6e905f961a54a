"""Internal user-data routes: erasure (the auth service's worker, role "service") and export, against
real PostgreSQL, Redis and the upload directory."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from sqlalchemy import func, select

from app.db.models import Analysis, ImageUpload
from app.recommendations.models import Recommendation
from tests.conftest import envelope_data, envelope_error, identity_headers
from tests.images import as_format


async def _upload(client, user_id: str, content: bytes) -> str:
    files = {"image": ("pet.jpg", content, "application/octet-stream")}
    response = await client.post(
        "/api/v1/vision/analyze", headers=identity_headers(user_id=user_id, role="user"), files=files
    )
    return envelope_data(response)["image_url"].rsplit("/", 1)[1]


async def _history(app, user_id: str, photo: str) -> str:
    pet_id = str(uuid.uuid4())
    async with app.state.session_factory() as session, session.begin():
        analysis = Analysis(user_id=user_id, pet_id=pet_id, image_sha256=photo[:64], image_url=f"/api/v1/uploads/{photo}",
                            breed="Egyptian Mau", species="cat", confidence=0.8, result={}, degraded=[])  # fmt: skip
        session.add(analysis)
        session.add(
            Recommendation(user_id=user_id, pet_id=pet_id, profile={"breed": "Egyptian Mau"}, product_ids=[], scores=[])
        )
    return pet_id


async def _count(app, model, user_id: str) -> int:
    async with app.state.session_factory() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(model.user_id == user_id)) or 0)


def _erase(client, user_id: str, role: str = "service"):
    return client.delete(f"/internal/users/{user_id}/data", headers=identity_headers(user_id=user_id, role=role))


async def test_erasure_removes_everything_of_the_user_and_keeps_what_others_share(
    client, app, settings, fake_ollama
) -> None:
    fake_ollama.set_mode("down")
    user, other = str(uuid.uuid4()), str(uuid.uuid4())
    own_photo = await _upload(client, user, as_format("chelsea.png", "JPEG", quality=61))
    shared_photo = await _upload(client, user, as_format("chelsea.png", "JPEG", quality=62))
    assert await _upload(client, other, as_format("chelsea.png", "JPEG", quality=62)) == shared_photo
    pet_id = await _history(app, user, own_photo)
    redis, prefix = app.state.redis, settings.redis_key_prefix
    await redis.set(f"{prefix}cache:recommendations:{pet_id}", "{}")
    await redis.set(f"{prefix}job:j1", json.dumps({"job_id": "j1", "user_id": user}))
    await redis.sadd(f"{prefix}jobs:user:{user}", "j1")
    await redis.sadd(f"{prefix}jobs:active:{user}", "j1")
    for photo in (own_photo, shared_photo):  # what a VLM answer would have cached
        await redis.set(f"{prefix}ollama:vision:{photo[:64]}", "{}")

    response = await _erase(client, user)

    assert response.status_code == 200, response.text
    assert envelope_data(response)["deleted"]["files"] == 1
    for model in (Analysis, Recommendation, ImageUpload):
        assert await _count(app, model, user) == 0
    upload_dir = Path(settings.upload_dir)
    assert not (upload_dir / own_photo).exists() and (upload_dir / shared_photo).exists()
    leftover = [
        key
        async for key in redis.scan_iter(match=f"{prefix}*")
        if user in key or pet_id in key or own_photo[:64] in key
    ]
    assert leftover == [] and not await redis.exists(f"{prefix}job:j1")
    assert await redis.exists(f"{prefix}ollama:vision:{shared_photo[:64]}")  # still someone else's photo
    served = await client.get(f"/api/v1/uploads/{shared_photo}", headers=identity_headers(user_id=other, role="user"))
    assert served.status_code == 200

    again = await _erase(client, user)  # idempotent: the worker may deliver twice
    assert again.status_code == 200 and set(envelope_data(again)["deleted"].values()) == {0}


async def test_only_the_service_role_may_erase(client) -> None:
    user = str(uuid.uuid4())
    for role in ("user", "admin"):
        response = await _erase(client, user, role=role)
        assert (response.status_code, envelope_error(response)["code"]) == (403, "FORBIDDEN")
    mismatched = await client.delete(
        f"/internal/users/{user}/data", headers=identity_headers(user_id=str(uuid.uuid4()), role="service")
    )
    assert mismatched.status_code == 403
    unsigned = await client.delete(f"/internal/users/{user}/data")
    assert unsigned.status_code == 401


async def test_export_lists_the_callers_analyses_recommendations_and_photos(client, app, fake_ollama) -> None:
    fake_ollama.set_mode("down")
    user = str(uuid.uuid4())
    photo = await _upload(client, user, as_format("chelsea.png", "JPEG", quality=63))
    pet_id = await _history(app, user, photo)
    await _history(app, str(uuid.uuid4()), photo)  # someone else's history is not exported

    data = envelope_data(
        await client.get("/internal/users/me/export", headers=identity_headers(user_id=user, role="user"))
    )

    assert [a["pet_id"] for a in data["analyses"]] == [pet_id]
    assert [r["pet_id"] for r in data["recommendations"]] == [pet_id]
    assert [p["name"] for p in data["photos"]] == [photo] and data["photos"][0]["size_bytes"] > 0
