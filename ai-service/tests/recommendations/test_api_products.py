from __future__ import annotations

from collections.abc import Callable

import httpx
from fastapi import FastAPI

from tests.conftest import envelope_data, envelope_error, identity_headers

CONTRACT_PRODUCT_KEYS = {"id", "name", "brand", "category", "description", "price", "image_url", "suitable_for"}


async def test_products_are_browsable_with_the_gateway_signature_and_no_user(
    client: httpx.AsyncClient, seeded_app: FastAPI
) -> None:
    response = await client.get("/api/v1/products", headers=identity_headers())

    assert response.status_code == 200
    data = envelope_data(response)
    assert data["total"] >= 200
    assert data["page"] == 1 and data["page_size"] == 20 and len(data["items"]) == 20
    assert set(data["items"][0]) == CONTRACT_PRODUCT_KEYS


async def test_products_without_the_gateway_signature_are_refused(
    client: httpx.AsyncClient, seeded_app: FastAPI
) -> None:
    response = await client.get("/api/v1/products")

    assert response.status_code == 401
    assert envelope_error(response)["code"] == "GATEWAY_REQUIRED"


async def test_products_filter_by_category_species_and_text(
    client: httpx.AsyncClient, seeded_app: FastAPI, user_headers: Callable[[], dict[str, str]]
) -> None:
    response = await client.get(
        "/api/v1/products",
        params={"category": "health", "species": "cat", "q": "hairball", "page_size": 100},
        headers=user_headers(),
    )

    data = envelope_data(response)
    assert data["total"] == len(data["items"]) >= 2
    for item in data["items"]:
        assert item["category"] == "health"
        assert item["suitable_for"]["species"] == ["cat"]
        assert "hairball" in (item["name"] + item["description"]).lower()


async def test_products_pages_do_not_overlap(client: httpx.AsyncClient, seeded_app: FastAPI) -> None:
    first = envelope_data(
        await client.get("/api/v1/products", params={"species": "dog", "page_size": 7}, headers=identity_headers())
    )
    second = envelope_data(
        await client.get(
            "/api/v1/products", params={"species": "dog", "page": 2, "page_size": 7}, headers=identity_headers()
        )
    )

    assert first["total"] == second["total"]
    assert second["page"] == 2
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}


async def test_products_refuse_bad_pagination_and_filters(client: httpx.AsyncClient, seeded_app: FastAPI) -> None:
    for params, field in (
        ({"page": 0}, "page"),
        ({"page_size": 101}, "page_size"),
        ({"category": "cars"}, "category"),
        ({"species": "fish"}, "species"),
    ):
        response = await client.get("/api/v1/products", params=params, headers=identity_headers())

        assert response.status_code == 400, params
        error = envelope_error(response)
        assert error["code"] == "VALIDATION_ERROR"
        assert field in error["details"]


async def test_a_nul_in_the_search_text_is_a_validation_error(
    client: httpx.AsyncClient, seeded_app: FastAPI, user_headers: Callable[[], dict[str, str]]
) -> None:
    # schemathesis: GET /products?q=%C3%B6%00 reached PostgreSQL ("invalid byte sequence ... 0x00", 500).
    response = await client.get("/api/v1/products", params={"q": "\u00f6\u0000"}, headers=user_headers())

    assert response.status_code == 400
    assert envelope_error(response)["code"] == "VALIDATION_ERROR"
