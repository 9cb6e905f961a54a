"""Issue 15 end to end through nginx -> gateway -> ai-service -> user-service on the local stack: an
uncertain breed gets species-level advice, the owner picks the breed from the picker, and a double
click on "save" makes one pet whose history holds the shown analysis."""

from __future__ import annotations

import json
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.photos import unique_photo
from tests.stack import LocalStack

pytestmark = pytest.mark.stack

PASSWORD = "correct horse battery 42"
UNSURE_VLM_ANSWER = {
    "breed": "Domestic Shorthair",
    "species": "cat",
    "confidence": 0.5,
    "is_mixed": False,
    "parent_breeds": [],
    "traits": {
        "size": "medium",
        "energy_level": "moderate",
        "temperament": ["calm"],
        "coat": "short",
        "lifespan": "12-15 years",
    },
    "description": "A striped cat.",
}


def _signed_in(stack: LocalStack) -> tuple[httpx.Client, httpx.Client]:
    """Two clients with one session (two browser tabs)."""
    first = httpx.Client(base_url=stack.base_url, verify=False, timeout=60)
    email = f"u-{uuid.uuid4().hex[:10]}@example.com"
    response = first.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD, "name": "Ada"})
    assert response.status_code == 201, response.text
    second = httpx.Client(base_url=stack.base_url, verify=False, timeout=60, cookies=first.cookies)
    return first, second


def test_uncertain_breed_corrected_then_saved_once(stack: LocalStack, tmp_path: Path) -> None:
    tab, other_tab = _signed_in(stack)
    photo = unique_photo(tmp_path)
    # The vision model is unsure (0.5): not a breed to act on. (Ollama stays up: switching it off would
    # leave the service's availability probe answering "down" for the next test.)
    stack.ollama.enqueue_reply(json.dumps(UNSURE_VLM_ANSWER))
    response = tab.post("/api/v1/pets/analyze", files={"image": (photo.name, photo.read_bytes(), "image/png")})
    assert response.status_code == 200, response.text
    analysis = response.json()["data"]
    assert (analysis["is_confident"], analysis["advice_scope"]) == (False, "species")
    assert analysis["breed_source"] == "vlm"
    assert analysis["alternatives"] and analysis["image_url"]

    picked = tab.get("/api/v1/breeds", params={"species": "cat", "q": "maine"}).json()["data"]
    assert [b["name"] for b in picked] == ["Maine Coon"]
    chosen = tab.post(f"/api/v1/analyses/{analysis['analysis_id']}/breed", json={"breed": "Maine Coon"})
    assert chosen.status_code == 200, chosen.text
    chosen_data = chosen.json()["data"]
    assert (chosen_data["breed"], chosen_data["breed_source"]) == ("Maine Coon", "user")
    assert chosen_data["advice_scope"] == "breed"

    save = f"/api/v1/analyses/{analysis['analysis_id']}/save"
    with ThreadPoolExecutor(2) as pool:
        saves = list(pool.map(lambda client: client.post(save, json={"name": "Chelsea"}), (tab, other_tab)))
    assert sorted(r.status_code for r in saves) == [200, 201], [r.text for r in saves]
    pet_ids = {r.json()["data"]["id"] for r in saves}
    assert len(pet_ids) == 1
    pet_id = pet_ids.pop()
    pets = tab.get("/api/v1/pets").json()["data"]
    assert [(p["id"], p["name"], p["breed"]) for p in pets] == [(pet_id, "Chelsea", "Maine Coon")]
    history = tab.get(f"/api/v1/pets/{pet_id}/analyses").json()["data"]
    assert [(h["breed_detected"], h["image_url"]) for h in history] == [("Maine Coon", analysis["image_url"])]
    tab.close()
    other_tab.close()
