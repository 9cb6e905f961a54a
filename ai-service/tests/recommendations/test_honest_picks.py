"""Picks the app can stand behind: nothing made for another named breed, for another size, or (when the
age is not known) for one life stage only; explanations give only reasons the app knows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from fakes.ollama import FakeOllama
from fastapi import FastAPI

from app.breeds.models import plural_breed, years_text
from tests.conftest import envelope_data

Headers = Callable[[], dict[str, str]]
ALL_STAGES = {"dog": {"puppy", "adult", "senior"}, "cat": {"kitten", "adult", "senior"}}


async def _picks(client: httpx.AsyncClient, headers: Headers, body: dict[str, Any]) -> dict[str, Any]:
    return envelope_data(await client.post("/api/v1/recommendations", json={"limit": 50, **body}, headers=headers()))


async def test_no_product_made_for_another_breed_or_size(
    client: httpx.AsyncClient, seeded_app: FastAPI, user_headers: Headers, fake_ollama: FakeOllama
) -> None:
    fake_ollama.set_mode("down")
    data = await _picks(client, user_headers, {"breed": "Beagle", "species": "dog", "age": 36})
    assert data["products"]
    for product in data["products"]:
        suitable = product["suitable_for"]
        assert not suitable["breeds"] or "Beagle" in suitable["breeds"], product["name"]
        assert not suitable["sizes"] or "small" in suitable["sizes"], product["name"]  # a Beagle is small


async def test_an_unknown_age_gets_no_life_stage_products_and_no_life_stage_reason(
    client: httpx.AsyncClient, seeded_app: FastAPI, user_headers: Headers, fake_ollama: FakeOllama
) -> None:
    fake_ollama.set_mode("down")
    data = await _picks(client, user_headers, {"breed": "Beagle", "species": "dog"})
    assert data["products"]
    for product, explanation in zip(data["products"], data["explanations"], strict=True):
        ages = set(product["suitable_for"]["ages"])
        assert not ages or ALL_STAGES["dog"] <= ages, product["name"]
        assert "life stage" not in explanation


async def test_an_unknown_breed_gets_no_sized_products(
    client: httpx.AsyncClient, seeded_app: FastAPI, user_headers: Headers, fake_ollama: FakeOllama
) -> None:
    fake_ollama.set_mode("down")
    data = await _picks(client, user_headers, {"breed": "Some Village Dog", "species": "dog", "age": 36})
    assert data["products"]
    assert all(not p["suitable_for"]["sizes"] or len(p["suitable_for"]["sizes"]) == 5 for p in data["products"])
    assert all(not p["suitable_for"]["breeds"] for p in data["products"])


def test_breed_text_reads_right() -> None:
    assert [plural_breed(n) for n in ("Belgian Malinois", "Beagle", "Pekingese", "Shih Tzu")] == [
        "Belgian Malinois",
        "Beagles",
        "Pekingese",
        "Shih Tzus",
    ]
    assert (years_text(12, 12), years_text(10, 13)) == ("12 years", "10-13 years")


async def test_the_owners_size_answer_brings_products_of_that_size(
    client: httpx.AsyncClient, seeded_app: FastAPI, user_headers: Headers, fake_ollama: FakeOllama
) -> None:
    fake_ollama.set_mode("down")
    data = await _picks(client, user_headers, {"species": "dog", "size": "large", "age": 36})
    sizes = [set(p["suitable_for"]["sizes"]) for p in data["products"]]
    assert any(s and "small" not in s for s in sizes)  # sized products now, all of them for large dogs
    assert all(not s or "large" in s for s in sizes)
    assert all(not p["suitable_for"]["breeds"] for p in data["products"])
