"""The analysis flow through the API: certainty, species-level advice, breed correction, saving once,
the breed picker. Real classifier, Redis, PostgreSQL, recommender and knowledge base; fake Ollama and
a fake user service."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.conftest import envelope_data, envelope_error, identity_headers
from tests.images import as_format, photo_bytes

Headers = Callable[[], dict[str, str]]


def _vlm(breed: str, confidence: float, *, species: str = "cat", is_mixed: bool = False) -> str:
    traits = {
        "size": "medium",
        "energy_level": "moderate",
        "temperament": ["calm"],
        "coat": "short",
        "lifespan": "12-15 years",
    }
    return json.dumps(
        {
            "breed": breed,
            "species": species,
            "confidence": confidence,
            "is_mixed": is_mixed,
            "parent_breeds": [],
            "traits": traits,
            "description": "A cat.",
        }
    )


async def _analyze(client: httpx.AsyncClient, headers: Headers, content: bytes | None = None) -> httpx.Response:
    image = content if content is not None else photo_bytes("chelsea.png")
    return await client.post(
        "/api/v1/pets/analyze", headers=headers(), files={"image": ("pet.png", image, "image/png")}
    )


def _chat_count(fake_ollama) -> int:
    return sum(1 for r in fake_ollama.requests if r["path"] == "/api/chat")


async def test_an_uncertain_breed_gets_species_level_advice(client, user_headers, fake_ollama) -> None:
    fake_ollama.set_mode("down")  # classifier alone: Chelsea is a tabby, split between two cat classes
    data = envelope_data(await _analyze(client, user_headers))
    assert (data["species"], data["is_confident"], data["breed_source"], data["advice_scope"]) == (
        "cat",
        False,
        "classifier",
        "species",
    )
    assert 1 < len(data["alternatives"]) <= 3
    confidences = [a["confidence"] for a in data["alternatives"]]
    assert confidences == sorted(confidences, reverse=True) and data["alternatives"][0]["breed"] == data["breed"]
    assert data["health_info"]["common_conditions"] == [
        "dental disease",
        "obesity",
        "chronic kidney disease",
        "urinary tract problems",
        "hyperthyroidism",
    ]
    assert data["advice_size"] == "medium"  # every alternative is a medium-sized cat: products for that size
    assert data["recommendations"]
    for item in data["recommendations"]:  # nothing claims to be for the guessed breed
        assert all(a["breed"] not in item["explanation"] for a in data["alternatives"]), item["explanation"]
    assert data["image_url"].startswith("/api/v1/uploads/")


async def test_vlm_agreeing_with_the_classifier_is_confident_and_breed_specific(
    client, user_headers, fake_ollama
) -> None:
    fake_ollama.enqueue_reply(_vlm("Domestic Shorthair", 0.85))
    data = envelope_data(await _analyze(client, user_headers))
    assert (data["breed"], data["is_confident"], data["breed_source"], data["advice_scope"]) == (
        "Domestic Shorthair",
        True,
        "vlm",
        "breed",
    )
    assert data["health_info"]["common_conditions"]
    assert data["health_info"]["common_conditions"] != envelope_data_species_conditions()


def envelope_data_species_conditions() -> list[str]:
    from app.breeds import load_breed_catalog

    return list(load_breed_catalog().species_advice("cat").common_conditions)  # type: ignore[union-attr]


async def test_vlm_naming_a_look_alike_of_the_classifiers_answer_is_confident(
    client, user_headers, fake_ollama
) -> None:
    # Maine Coons are commonly classified as short-haired tabbies: the classifier's answer supports the VLM's.
    fake_ollama.enqueue_reply(_vlm("Maine Coon", 0.85))
    data = envelope_data(await _analyze(client, user_headers))
    assert (data["breed"], data["is_confident"]) == ("Maine Coon", True)
    assert "Maine Coon" in [a["breed"] for a in data["alternatives"]]


@pytest.mark.parametrize(
    "reply",
    [_vlm("Kurilian Bobtail", 0.9), _vlm("Domestic Shorthair", 0.5), _vlm("Domestic Shorthair", 0.9, is_mixed=True)],
    ids=["unsupported-breed", "unsure-vlm", "mixed"],
)
async def test_vlm_answers_that_do_not_earn_confidence(client, user_headers, fake_ollama, reply: str) -> None:
    fake_ollama.enqueue_reply(reply)
    data = envelope_data(await _analyze(client, user_headers))
    assert (data["is_confident"], data["breed_source"], data["advice_scope"]) == (False, "vlm", "species")


async def test_the_fake_vlms_default_answer_combines_with_the_classifier(client, user_headers, fake_ollama) -> None:
    # The fake Ollama answers the first candidate it was given, with confidence 0.85.
    data = envelope_data(await _analyze(client, user_headers))
    assert data["breed"] == data["candidates"][0]["breed"] and data["is_confident"] is True


@pytest.mark.parametrize("name", ["horse.png", "coffee.png", "astronaut.png"])
async def test_photos_without_a_pet_are_refused_with_ollama_down(client, user_headers, fake_ollama, name: str) -> None:
    fake_ollama.set_mode("down")
    response = await _analyze(client, user_headers, photo_bytes(name))
    assert (response.status_code, envelope_error(response)["code"]) == (422, "NO_PET_DETECTED")


async def test_the_vlm_decides_a_grey_zone_image(client, user_headers, fake_ollama) -> None:
    fake_ollama.enqueue_reply(_vlm("Horse", 0.9, species="other"))
    response = await _analyze(client, user_headers, photo_bytes("horse.png"))
    assert (response.status_code, envelope_error(response)["code"]) == (422, "NO_PET_DETECTED")
    assert _chat_count(fake_ollama) == 1  # the silhouette was worth asking about; coffee is not:
    fake_ollama.reset()
    await _analyze(client, user_headers, photo_bytes("coffee.png"))
    assert _chat_count(fake_ollama) == 0


async def test_choosing_a_breed_recomputes_the_advice_without_a_new_upload(client, user_headers, fake_ollama) -> None:
    fake_ollama.set_mode("down")
    first = envelope_data(await _analyze(client, user_headers))
    assert first["advice_scope"] == "species"
    uploads = len(list(client._transport.app.state.settings.upload_dir.iterdir()))
    response = await client.post(
        f"/api/v1/analyses/{first['analysis_id']}/breed", headers=user_headers(), json={"breed": "maine coon"}
    )
    chosen = envelope_data(response)
    assert (chosen["analysis_id"], chosen["breed"], chosen["breed_source"], chosen["is_confident"]) == (
        first["analysis_id"],
        "Maine Coon",
        "user",
        True,
    )
    assert (chosen["advice_scope"], chosen["traits"]["size"], chosen["image_url"]) == (
        "breed",
        "large",
        first["image_url"],
    )
    assert "hypertrophic cardiomyopathy" in " ".join(chosen["health_info"]["common_conditions"]).lower()
    assert chosen["recommendations"] and chosen["alternatives"] == first["alternatives"]
    assert len(list(client._transport.app.state.settings.upload_dir.iterdir())) == uploads


async def test_choosing_an_unknown_breed_is_400(client, user_headers, fake_ollama) -> None:
    fake_ollama.set_mode("down")
    first = envelope_data(await _analyze(client, user_headers))
    response = await client.post(
        f"/api/v1/analyses/{first['analysis_id']}/breed", headers=user_headers(), json={"breed": "Space Wolf"}
    )
    assert (response.status_code, envelope_error(response)["code"]) == (400, "UNKNOWN_BREED")


@pytest.mark.parametrize("action", ["breed", "save"])
async def test_another_users_or_an_unknown_analysis_is_not_found(
    client, user_headers, fake_ollama, action: str
) -> None:
    fake_ollama.set_mode("down")
    first = envelope_data(await _analyze(client, user_headers))
    body: dict[str, Any] = {"breed": "Beagle"} if action == "breed" else {"name": "Rex"}
    stranger = identity_headers(user_id=str(uuid.uuid4()), role="user")
    for analysis_id, headers in (
        (first["analysis_id"], stranger),
        (str(uuid.uuid4()), user_headers()),
        ("not-an-id", user_headers()),
    ):
        response = await client.post(f"/api/v1/analyses/{analysis_id}/{action}", headers=headers, json=body)
        assert (response.status_code, envelope_error(response)["code"]) == (404, "ANALYSIS_NOT_FOUND")


async def test_save_creates_the_pet_once_without_reanalysing(
    client, user_id, user_headers, fake_ollama, user_service
) -> None:
    first = envelope_data(await _analyze(client, user_headers, as_format("chelsea.png", "JPEG", quality=93)))
    chats = _chat_count(fake_ollama)
    path = f"/api/v1/analyses/{first['analysis_id']}/save"
    created = await client.post(path, headers=user_headers(), json={"name": "Chelsea"})
    again = await client.post(path, headers=user_headers(), json={"name": "Chelsea"})
    assert (created.status_code, again.status_code) == (201, 200)
    pet = envelope_data(created)
    assert envelope_data(again)["id"] == pet["id"]
    assert (pet["name"], pet["species"], pet["breed"]) == (
        "Chelsea",
        "cat",
        first["breed"],
    )  # confident: the breed is kept
    saves = [r for r in user_service.requests if r["method"] == "POST"]
    assert (
        saves[0]["body"]["breed_detected"] == first["breed"]
        and saves[0]["body"]["raw_response"]["analysis_id"] == first["analysis_id"]
    )
    assert _chat_count(fake_ollama) == chats  # nothing was analysed again
    assert [p for p in user_service.pets.values() if p["owner"] == user_id] == [user_service.pets[pet["id"]]]


async def test_a_double_click_on_save_makes_one_pet(client, user_id, user_headers, fake_ollama, user_service) -> None:
    fake_ollama.set_mode("down")
    first = envelope_data(await _analyze(client, user_headers))
    path = f"/api/v1/analyses/{first['analysis_id']}/save"
    responses = await asyncio.gather(
        *(client.post(path, headers=user_headers(), json={"name": "Chelsea"}) for _ in range(2))
    )
    assert sorted(r.status_code for r in responses) == [200, 201]
    assert len({envelope_data(r)["id"] for r in responses}) == 1
    pet = envelope_data(responses[0])
    assert pet["breed"] is None  # an uncertain breed is not written onto the pet


async def test_save_to_an_existing_pet_and_a_corrected_breed(
    client, user_id, user_headers, fake_ollama, user_service
) -> None:
    pet_id = str(uuid.uuid4())
    user_service.pets[pet_id] = {"id": pet_id, "owner": user_id, "name": "Chelsea", "species": "cat", "breed": None}
    fake_ollama.set_mode("down")
    first = envelope_data(await _analyze(client, user_headers))
    await client.post(
        f"/api/v1/analyses/{first['analysis_id']}/breed", headers=user_headers(), json={"breed": "British Shorthair"}
    )
    response = await client.post(
        f"/api/v1/analyses/{first['analysis_id']}/save", headers=user_headers(), json={"pet_id": pet_id}
    )
    assert response.status_code == 200 and envelope_data(response)["breed"] == "British Shorthair"
    saved = [r for r in user_service.requests if r["method"] == "POST"][-1]["body"]
    assert (saved["pet_id"], saved["breed_detected"], saved["update_pet_breed"]) == (pet_id, "British Shorthair", True)
    assert saved["raw_response"]["breed_source"] == "user"


@pytest.mark.parametrize("body", [{}, {"name": "A", "pet_id": str(uuid.uuid4())}, {"name": "   "}, {"pet_id": "nope"}])
async def test_save_needs_exactly_one_target(client, user_headers, fake_ollama, body: dict[str, Any]) -> None:
    fake_ollama.set_mode("down")
    first = envelope_data(await _analyze(client, user_headers))
    response = await client.post(f"/api/v1/analyses/{first['analysis_id']}/save", headers=user_headers(), json=body)
    assert (response.status_code, envelope_error(response)["code"]) == (400, "VALIDATION_ERROR")


async def test_breed_picker_lists_and_searches_the_catalog(client, user_headers) -> None:
    everything = envelope_data(await client.get("/api/v1/breeds", headers=user_headers()))
    assert len(everything) >= 150 and {"name", "species", "size"} <= set(everything[0])
    dogs = envelope_data(
        await client.get("/api/v1/breeds", headers=user_headers(), params={"species": "dog", "q": "heeler"})
    )
    assert [b["name"] for b in dogs] == ["Australian Cattle Dog"]
    bad = await client.get("/api/v1/breeds", headers=user_headers(), params={"species": "bird"})
    assert (bad.status_code, envelope_error(bad)["code"]) == (400, "VALIDATION_ERROR")


async def test_the_fake_vlm_refuses_a_grey_zone_image_on_its_own(client, user_headers, fake_ollama) -> None:
    response = await _analyze(client, user_headers, photo_bytes("horse.png"))
    assert (response.status_code, envelope_error(response)["code"]) == (422, "NO_PET_DETECTED")
    assert _chat_count(fake_ollama) == 1


async def test_a_vlm_that_sees_a_dog_rescues_a_grey_zone_image(client, user_headers, fake_ollama) -> None:
    fake_ollama.enqueue_reply(_vlm("Labrador Retriever", 0.9, species="dog"))
    data = envelope_data(await _analyze(client, user_headers, photo_bytes("horse.png")))
    assert (data["species"], data["breed"], data["is_confident"]) == (
        "dog",
        "Labrador Retriever",
        False,
    )  # the classifier does not back it


async def test_correcting_a_saved_analysis_updates_the_pets_history(
    client, user_id, user_headers, fake_ollama, user_service
) -> None:
    fake_ollama.set_mode("down")
    first = envelope_data(await _analyze(client, user_headers))
    saved = await client.post(
        f"/api/v1/analyses/{first['analysis_id']}/save", headers=user_headers(), json={"name": "Chelsea"}
    )
    pet = envelope_data(saved)
    assert pet["breed"] is None
    chosen = envelope_data(
        await client.post(
            f"/api/v1/analyses/{first['analysis_id']}/breed", headers=user_headers(), json={"breed": "Bengal"}
        )
    )
    assert (chosen["pet_id"], chosen["saved_to_history"]) == (pet["id"], True) and "history_save" not in chosen[
        "degraded"
    ]
    resaved = [r for r in user_service.requests if r["method"] == "POST"][-1]
    assert resaved["path"] == f"/internal/analyses/{first['analysis_id']}/save"
    assert (resaved["body"]["pet_id"], resaved["body"]["breed_detected"]) == (pet["id"], "Bengal")
    assert user_service.pets[pet["id"]]["breed"] == "Bengal"


async def test_an_analysis_recorded_before_corrections_existed_is_not_found(client, user_id, user_headers, app) -> None:
    from app.db.models import Analysis

    analysis_id = uuid.uuid4()
    old_shape = {"analysis_id": str(analysis_id), "breed": "Beagle", "species": "dog", "confidence": 0.7, "traits": {}}
    async with app.state.session_factory() as session:
        session.add(
            Analysis(
                id=analysis_id,
                user_id=user_id,
                image_sha256="0" * 64,
                image_url="/api/v1/uploads/x.png",
                breed="Beagle",
                species="dog",
                confidence=0.7,
                result=old_shape,
                degraded=[],
            )
        )
        await session.commit()
    response = await client.post(
        f"/api/v1/analyses/{analysis_id}/breed", headers=user_headers(), json={"breed": "Beagle"}
    )
    assert (response.status_code, envelope_error(response)["code"]) == (404, "ANALYSIS_NOT_FOUND")
