"""POST /vision/analyze, /vision/pedigree and /pets/analyze through the real classifier, the real
LlamaIndex Ollama client against the fake Ollama, real Redis and real PostgreSQL."""

from __future__ import annotations

import base64
import io
import json
import uuid
from collections.abc import Callable, Iterator

import httpx
import pytest
from PIL import Image

from tests.conftest import TEST_SIGNING_SECRET, envelope_data, envelope_error
from tests.fake_user_service import FakeUserService
from tests.images import as_format, photo_bytes

VLM_ANSWER = {
    "breed": "Egyptian Mau",
    "species": "cat",
    "confidence": 0.82,
    "is_mixed": False,
    "parent_breeds": [],
    "traits": {
        "size": "medium",
        "energy_level": "high",
        "temperament": ["curious"],
        "coat": "short, spotted",
        "lifespan": "12-15 years",
    },
    "description": "A spotted short-haired cat sitting on a rug.",
}


def _chats(fake_ollama) -> list[dict]:
    return [r["body"] for r in fake_ollama.requests if r["path"] == "/api/chat"]


async def _analyze(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    content: bytes,
    name: str = "pet.png",
    path: str = "/api/v1/vision/analyze",
):
    return await client.post(path, headers=headers, files={"image": (name, content, "application/octet-stream")})


async def test_cat_photo_merges_the_vlm_answer_and_sends_image_and_schema(client, user_headers, fake_ollama) -> None:
    fake_ollama.enqueue_reply(json.dumps(VLM_ANSWER))
    response = await _analyze(client, user_headers(), photo_bytes("chelsea.png"))
    data = envelope_data(response)
    assert (data["species"], data["breed"], data["degraded"]) == ("cat", "Egyptian Mau", [])
    assert data["candidates"] and all(c["species"] == "cat" for c in data["candidates"])
    chat = _chats(fake_ollama)[-1]
    image = chat["messages"][-1]["images"][0]
    assert Image.open(io.BytesIO(base64.b64decode(image))).size[0] <= 1024
    assert chat["format"]["properties"]["breed"]["type"] == "string"
    assert chat["think"] is False
    assert (
        data["candidates"][0]["breed"] in chat["messages"][-1]["content"]
    )  # the classifier's candidates reach the VLM


async def test_catalog_facts_win_over_the_vlm_traits_for_a_known_breed(client, user_headers, fake_ollama) -> None:
    wrong = {
        "size": "toy",
        "energy_level": "very_high",
        "temperament": ["fake"],
        "coat": "fake coat",
        "lifespan": "1-2 years",
    }
    fake_ollama.enqueue_reply(json.dumps({**VLM_ANSWER, "breed": "Domestic Shorthair", "traits": wrong}))
    data = envelope_data(await _analyze(client, user_headers(), photo_bytes("chelsea.png")))
    assert data["breed"] == "Domestic Shorthair"
    assert (data["traits"]["size"], data["traits"]["lifespan"]) == ("medium", "12-18 years")
    assert "fake" not in data["traits"]["temperament"] and data["traits"]["coat"] != "fake coat"


async def test_vlm_traits_describe_a_breed_the_catalog_does_not_know(client, user_headers, fake_ollama) -> None:
    fake_ollama.enqueue_reply(json.dumps({**VLM_ANSWER, "breed": "Kurilian Bobtail"}))
    data = envelope_data(await _analyze(client, user_headers(), photo_bytes("chelsea.png")))
    assert data["breed"] == "Kurilian Bobtail"
    assert data["traits"] == VLM_ANSWER["traits"]


async def test_ollama_down_degrades_to_the_classifier(client, user_headers, fake_ollama) -> None:
    fake_ollama.set_mode("down")
    data = envelope_data(await _analyze(client, user_headers(), photo_bytes("chelsea.png")))
    assert data["species"] == "cat"
    assert data["degraded"] == ["vision_llm"]
    assert data["source"] == "classifier"
    assert data["breed"] == data["candidates"][0]["breed"]
    assert data["traits"]["size"]  # from the breed data


async def test_invalid_vlm_json_is_retried_once(client, user_headers, fake_ollama) -> None:
    fake_ollama.enqueue_reply("not json at all")
    fake_ollama.enqueue_reply(json.dumps(VLM_ANSWER))
    data = envelope_data(await _analyze(client, user_headers(), photo_bytes("chelsea.png")))
    assert data["breed"] == "Egyptian Mau" and data["degraded"] == []
    assert len(_chats(fake_ollama)) == 2


async def test_invalid_vlm_json_twice_degrades(client, user_headers, fake_ollama) -> None:
    fake_ollama.enqueue_reply("{}")
    fake_ollama.enqueue_reply('{"breed": 5}')
    data = envelope_data(await _analyze(client, user_headers(), photo_bytes("chelsea.png")))
    assert data["degraded"] == ["vision_llm"]


async def test_same_photo_is_answered_from_cache(client, user_headers, fake_ollama) -> None:
    fake_ollama.enqueue_reply(json.dumps(VLM_ANSWER))
    first = envelope_data(await _analyze(client, user_headers(), as_format("chelsea.png", "JPEG", quality=90), "a.jpg"))
    calls = len(_chats(fake_ollama))
    second = envelope_data(
        await _analyze(client, user_headers(), as_format("chelsea.png", "JPEG", quality=90), "b.jpg")
    )
    assert len(_chats(fake_ollama)) == calls
    assert second["cached"] is True and second["breed"] == first["breed"]


async def test_photo_without_a_pet_is_422(client, user_headers) -> None:
    response = await _analyze(client, user_headers(), photo_bytes("coffee.png"))
    assert response.status_code == 422
    assert envelope_error(response)["code"] == "NO_PET_DETECTED"


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"this is text, not a photo", "cat.jpg"),
        (photo_bytes("chelsea.png")[:2000], "truncated.png"),
        (b"GIF89a" + b"\x00" * 100, "cat.gif"),
    ],
    ids=["text-named-jpg", "truncated-png", "gif"],
)
async def test_non_images_are_invalid(client, user_headers, content: bytes, name: str) -> None:
    response = await _analyze(client, user_headers(), content, name)
    assert response.status_code == 400
    assert envelope_error(response)["code"] == "INVALID_IMAGE"


async def test_decompression_bomb_is_refused(client, user_headers) -> None:
    out = io.BytesIO()
    Image.new("L", (20000, 20000)).save(out, format="PNG")  # ~400 Mpx, a few hundred KB on disk
    response = await _analyze(client, user_headers(), out.getvalue(), "bomb.png")
    assert response.status_code == 400
    assert envelope_error(response)["code"] == "INVALID_IMAGE"


async def test_oversized_upload_is_413(client, user_headers) -> None:
    content = photo_bytes("chelsea.png") + b"\x00" * (10 * 1024 * 1024)
    response = await _analyze(client, user_headers(), content)
    assert response.status_code == 413
    assert envelope_error(response)["code"] == "IMAGE_TOO_LARGE"


async def test_unsigned_request_is_refused(client) -> None:
    response = await _analyze(client, {}, photo_bytes("chelsea.png"))
    assert response.status_code == 401
    assert envelope_error(response)["code"] == "GATEWAY_REQUIRED"


async def test_pedigree_is_read_by_the_vlm(client, user_headers, fake_ollama) -> None:
    fields = {
        "name": "Ch. Golden Sunrise",
        "breed": "Golden Retriever",
        "registration_number": "SR123",
        "sire": "A",
        "dam": "B",
    }
    fake_ollama.enqueue_reply(json.dumps(fields))
    data = envelope_data(
        await _analyze(client, user_headers(), photo_bytes("coffee.png"), path="/api/v1/vision/pedigree")
    )
    assert data["registration_number"] == "SR123" and data["breed"] == "Golden Retriever"


async def test_pedigree_without_ollama_is_503(client, user_headers, fake_ollama) -> None:
    fake_ollama.set_mode("down")
    response = await _analyze(client, user_headers(), photo_bytes("coffee.png"), path="/api/v1/vision/pedigree")
    assert response.status_code == 503
    assert envelope_error(response)["code"] == "VISION_UNAVAILABLE"


@pytest.fixture
def user_service(app) -> Iterator[FakeUserService]:
    fake = FakeUserService(TEST_SIGNING_SECRET).start()
    state = app.state
    original_url, original_client = state.settings.user_service_url, state.user_service
    from app.clients.user_service import UserServiceClient

    state.user_service = UserServiceClient(state.http, base_url=fake.url, signing_secret=TEST_SIGNING_SECRET, timeout=5)
    yield fake
    state.user_service = original_client
    state.settings.user_service_url = original_url
    fake.stop()


async def test_pet_analysis_saves_to_the_pets_history(
    client, user_id: str, user_headers: Callable[[], dict[str, str]], user_service, fake_ollama
) -> None:
    pet_id = str(uuid.uuid4())
    user_service.pets[pet_id] = {
        "id": pet_id,
        "owner": user_id,
        "name": "Chelsea",
        "species": "cat",
        "breed": None,
        "age": 36,
        "weight": 4.2,
        "health_conditions": [],
        "updated_at": "2026-11-25T00:00:00Z",
    }
    fake_ollama.set_mode("down")
    response = await client.post(
        "/api/v1/pets/analyze",
        headers=user_headers(),
        files={"image": ("c.png", photo_bytes("chelsea.png"), "image/png")},
        data={"pet_id": pet_id},
    )
    data = envelope_data(response)
    assert data["species"] == "cat" and "vision_llm" in data["degraded"]
    assert set(data) >= {
        "analysis_id",
        "breed",
        "confidence",
        "is_mixed",
        "traits",
        "health_info",
        "recommendations",
        "degraded",
    }
    saved = [r for r in user_service.requests if r["method"] == "POST"]
    assert saved and saved[-1]["path"] == f"/internal/analyses/{data['analysis_id']}/save"
    assert saved[-1]["user_id"] == user_id
    assert (saved[-1]["body"]["pet_id"], saved[-1]["body"]["breed_detected"]) == (pet_id, data["breed"])
    assert data["saved_to_history"] is True


async def test_pet_analysis_with_ollama_up_names_nothing_degraded(client, user_headers, fake_ollama) -> None:
    # Nothing is down: a breed without a knowledge-base guide is answered from the catalog, not "degraded".
    response = await client.post(
        "/api/v1/pets/analyze",
        headers=user_headers(),
        files={"image": ("c.png", photo_bytes("chelsea.png"), "image/png")},
    )
    data = envelope_data(response)
    assert data["species"] == "cat" and data["health_info"]["common_conditions"]
    assert data["degraded"] == []


async def test_another_users_pet_is_not_found(client, user_headers, user_service) -> None:
    pet_id = str(uuid.uuid4())
    user_service.pets[pet_id] = {"id": pet_id, "owner": str(uuid.uuid4()), "name": "Other", "species": "cat"}
    response = await client.post(
        "/api/v1/pets/analyze",
        headers=user_headers(),
        files={"image": ("c.png", photo_bytes("chelsea.png"), "image/png")},
        data={"pet_id": pet_id},
    )
    assert response.status_code == 404
    assert envelope_error(response)["code"] == "PET_NOT_FOUND"
