"""What an analysis states and keeps: only the species while the breed is uncertain, one current breed
(the first guess kept), "Mixed breed", the user's own species, the list of every analysis the user ran
(open, delete) and the photo's thumbnail. Real classifier, PostgreSQL, Redis and storage; fake Ollama
(down: the classifier alone answers) and a fake user service."""

from __future__ import annotations

import io
import os
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from PIL import Image

from app.sweep import sweep_uploads
from tests.conftest import envelope_data, envelope_error, identity_headers
from tests.images import photo_bytes

Headers = Callable[[], dict[str, str]]


def _unique(name: str) -> bytes:
    """The photo with one random pixel: bytes no other test uploaded (a photo is stored once for all users)."""
    with Image.open(io.BytesIO(photo_bytes(name))) as image:
        copy = image.convert("RGB")
    copy.putpixel((0, 0), tuple(secrets.randbelow(256) for _ in range(3)))
    out = io.BytesIO()
    copy.save(out, format="PNG")
    return out.getvalue()


async def _analyze(
    client: httpx.AsyncClient,
    headers: Headers,
    name: str = "chelsea.png",
    *,
    content: bytes | None = None,
    **fields: str,
) -> httpx.Response:
    return await client.post(
        "/api/v1/pets/analyze",
        headers=headers(),
        files={"image": ("pet.png", content if content is not None else photo_bytes(name), "image/png")},
        data=fields,
    )


async def _choose(client: httpx.AsyncClient, headers: Headers, analysis_id: str, **body: Any) -> dict[str, Any]:
    response = await client.post(f"/api/v1/analyses/{analysis_id}/breed", headers=headers(), json=body)
    return envelope_data(response)


async def test_an_uncertain_result_states_the_species_and_no_breed_traits(client, user_headers, fake_ollama) -> None:
    fake_ollama.set_mode("down")  # the classifier alone: Chelsea is split between two cat breeds
    data = envelope_data(await _analyze(client, user_headers))
    assert (data["is_confident"], data["species"], data["species_source"]) == (False, "cat", "classifier")
    # Only what the alternatives agree on is stated; the best guess's description and traits are not.
    assert (data["traits"], data["description"], data["original_breed"]) == ({"size": "medium"}, "", None)
    assert data["thumbnail_url"] == data["image_url"].rsplit(".", 1)[0] + "-320.webp"


async def test_a_correction_becomes_the_breed_everywhere_and_keeps_the_first_guess(
    client, user_headers, fake_ollama
) -> None:
    fake_ollama.set_mode("down")
    first = envelope_data(await _analyze(client, user_headers))
    chosen = await _choose(client, user_headers, first["analysis_id"], breed="Maine Coon")
    assert (chosen["breed"], chosen["original_breed"], chosen["traits"]["size"]) == (
        "Maine Coon",
        first["breed"],
        "large",
    )
    again = envelope_data(await client.get(f"/api/v1/analyses/{first['analysis_id']}", headers=user_headers()))
    assert (again["breed"], again["original_breed"], again["breed_source"]) == ("Maine Coon", first["breed"], "user")
    listed = envelope_data(await client.get("/api/v1/analyses", headers=user_headers()))["items"]
    assert [(a["analysis_id"], a["breed"]) for a in listed] == [(first["analysis_id"], "Maine Coon")]
    # A second correction still remembers the first guess, not the first correction.
    second = await _choose(client, user_headers, first["analysis_id"], breed="Bengal")
    assert (second["breed"], second["original_breed"]) == ("Bengal", first["breed"])


async def test_confirming_the_guess_is_not_a_correction(client, user_headers, fake_ollama) -> None:
    fake_ollama.set_mode("down")
    first = envelope_data(await _analyze(client, user_headers))
    confirmed = await _choose(client, user_headers, first["analysis_id"], breed=first["breed"])
    assert (confirmed["breed"], confirmed["is_confident"], confirmed["original_breed"]) == (first["breed"], True, None)


async def test_mixed_breed_with_a_size_gets_the_species_advice_of_that_size(client, user_headers, fake_ollama) -> None:
    fake_ollama.set_mode("down")
    first = envelope_data(await _analyze(client, user_headers))
    mixed = await _choose(client, user_headers, first["analysis_id"], breed="Mixed breed", size="large")
    assert (mixed["breed"], mixed["is_mixed"], mixed["advice_scope"], mixed["advice_size"]) == (
        "Mixed breed",
        True,
        "species",
        "large",
    )
    assert (mixed["traits"], mixed["description"], mixed["original_breed"]) == ({"size": "large"}, "", first["breed"])
    assert mixed["recommendations"]
    unsized = await _choose(client, user_headers, first["analysis_id"], breed="mixed breed")
    assert (unsized["breed"], unsized["advice_size"], unsized["traits"]) == ("Mixed breed", None, {})


async def test_the_breed_picker_offers_mixed_breed_for_each_species(client, user_headers) -> None:
    dogs = envelope_data(await client.get("/api/v1/breeds", params={"species": "dog"}, headers=user_headers()))
    assert (dogs[0]["name"], dogs[0]["species"]) == ("Mixed breed", "dog")
    found = envelope_data(await client.get("/api/v1/breeds", params={"q": "mix"}, headers=user_headers()))
    assert [(b["name"], b["species"]) for b in found][:2] == [("Mixed breed", "dog"), ("Mixed breed", "cat")]
    beagle = envelope_data(await client.get("/api/v1/breeds", params={"q": "beagle"}, headers=user_headers()))
    assert "Mixed breed" not in [b["name"] for b in beagle]


async def test_the_user_says_what_the_pet_is_when_no_pet_was_found(client, user_headers, fake_ollama) -> None:
    fake_ollama.set_mode("down")
    refused = await _analyze(client, user_headers, "coffee.png")
    assert (refused.status_code, envelope_error(refused)["code"]) == (422, "NO_PET_DETECTED")
    data = envelope_data(await _analyze(client, user_headers, "coffee.png", species="dog"))
    assert (data["species"], data["species_source"], data["is_confident"]) == ("dog", "user", False)
    assert all(b["breed"] for b in data["alternatives"]) and data["traits"] in ({}, {"size": data["advice_size"]})
    vision = envelope_data(
        await client.post(
            "/api/v1/vision/analyze",
            headers=user_headers(),
            files={"image": ("pet.png", photo_bytes("coffee.png"), "image/png")},
            data={"species": "cat"},
        )
    )
    assert (vision["species"], vision["species_source"]) == ("cat", "user")
    bad = await _analyze(client, user_headers, species="fish")
    assert (bad.status_code, envelope_error(bad)["details"]) == (400, {"species": ["Must be dog or cat."]})


async def test_a_partly_seen_pet_is_refused_with_a_crop_hint(client, user_headers, fake_ollama) -> None:
    fake_ollama.set_mode("down")
    partly = await _analyze(client, user_headers, "horse.png")  # an outline the classifier reads as half a dog
    assert envelope_error(partly)["details"] == {"crop_hint": True}
    nothing = await _analyze(client, user_headers, "astronaut.png")
    assert envelope_error(nothing)["details"] == {}


async def test_every_analysis_is_listed_newest_first_saved_or_not(
    client, user_headers, fake_ollama, user_service
) -> None:
    fake_ollama.set_mode("down")
    older = envelope_data(await _analyze(client, user_headers))
    saved = await client.post(
        f"/api/v1/analyses/{older['analysis_id']}/save", headers=user_headers(), json={"name": "Tom"}
    )
    assert saved.status_code == 201
    newer = envelope_data(await _analyze(client, user_headers))
    page = envelope_data(await client.get("/api/v1/analyses", params={"page_size": 1}, headers=user_headers()))
    assert (page["total"], page["page"], page["page_size"]) == (2, 1, 1)
    assert [a["analysis_id"] for a in page["items"]] == [newer["analysis_id"]]
    second = envelope_data(
        await client.get("/api/v1/analyses", params={"page_size": 1, "page": 2}, headers=user_headers())
    )
    assert [(a["analysis_id"], a["saved_to_history"]) for a in second["items"]] == [(older["analysis_id"], True)]
    assert second["items"][0]["created_at"] < page["items"][0]["created_at"]
    other = identity_headers(user_id="someone-else", role="user")
    assert envelope_data(await client.get("/api/v1/analyses", headers=other))["total"] == 0
    assert (await client.get(f"/api/v1/analyses/{newer['analysis_id']}", headers=other)).status_code == 404


async def test_deleting_an_analysis_removes_its_photo_unless_a_pet_uses_it(
    client, user_headers, fake_ollama, user_service, app
) -> None:
    fake_ollama.set_mode("down")
    upload_dir = app.state.settings.upload_dir
    kept = envelope_data(await _analyze(client, user_headers, "chelsea.png"))
    await client.post(f"/api/v1/analyses/{kept['analysis_id']}/save", headers=user_headers(), json={"name": "Tom"})
    gone = envelope_data(await _analyze(client, user_headers, content=_unique("coffee.png"), species="cat"))
    photo, thumbnail = (gone["image_url"].rsplit("/", 1)[1], gone["thumbnail_url"].rsplit("/", 1)[1])
    assert (upload_dir / photo).exists() and (upload_dir / thumbnail).exists()

    response = await client.delete(f"/api/v1/analyses/{gone['analysis_id']}", headers=user_headers())
    assert response.status_code == 200
    assert (await client.get(f"/api/v1/analyses/{gone['analysis_id']}", headers=user_headers())).status_code == 404
    assert not (upload_dir / photo).exists() and not (upload_dir / thumbnail).exists()
    assert (await client.get(gone["image_url"], headers=user_headers())).status_code == 404
    again = await client.delete(f"/api/v1/analyses/{gone['analysis_id']}", headers=user_headers())
    assert (again.status_code, envelope_error(again)["code"]) == (404, "ANALYSIS_NOT_FOUND")

    await client.delete(f"/api/v1/analyses/{kept['analysis_id']}", headers=user_headers())
    assert (await client.get(kept["image_url"], headers=user_headers())).status_code == 200  # the pet's photo
    listed = envelope_data(await client.get("/api/v1/analyses", headers=user_headers()))
    assert listed["total"] == 0


async def test_the_thumbnail_is_a_small_webp_for_the_uploader_only(client, user_headers, fake_ollama, app) -> None:
    fake_ollama.set_mode("down")
    data = envelope_data(await _analyze(client, user_headers))
    response = await client.get(data["thumbnail_url"], headers=user_headers())
    assert (response.status_code, response.headers["content-type"]) == (200, "image/webp")
    with Image.open(io.BytesIO(response.content)) as thumbnail:
        assert (thumbnail.format, max(thumbnail.size)) == ("WEBP", 320)
    assert len(response.content) < len((await client.get(data["image_url"], headers=user_headers())).content) / 4
    other = identity_headers(user_id="someone-else", role="user")
    assert (await client.get(data["thumbnail_url"], headers=other)).status_code == 404
    # A photo stored before thumbnails existed gets its thumbnail made on the first request.
    name = data["thumbnail_url"].rsplit("/", 1)[1]
    (app.state.settings.upload_dir / name).unlink()
    remade = await client.get(data["thumbnail_url"], headers=user_headers())
    assert (remade.status_code, remade.content) == (200, response.content)


async def test_the_sweeper_keeps_a_photos_thumbnail_and_removes_an_orphaned_one(
    client, user_headers, fake_ollama, settings
) -> None:
    fake_ollama.set_mode("down")
    data = envelope_data(await _analyze(client, user_headers, content=_unique("chelsea.png")))
    directory = Path(settings.upload_dir)
    kept = directory / data["thumbnail_url"].rsplit("/", 1)[1]
    orphan = directory / f"{'c' * 64}-320.webp"
    orphan.write_bytes(b"x")
    old = time.time() - settings.sweep_grace_seconds - 60
    for path in (kept, orphan):
        os.utime(path, (old, old))
    result = await sweep_uploads(settings)
    assert orphan.name in result.removed and kept.name not in result.removed
    assert kept.exists() and not orphan.exists()
