from __future__ import annotations

import httpx
from fakes.ollama import FakeOllama

from tests.conftest import envelope_data


async def test_health_reports_every_dependency_without_a_signature(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")

    assert response.status_code == 200
    data = envelope_data(response)
    assert data["dependencies"]["postgres"] == "ok"
    assert data["dependencies"]["redis"] == "ok"
    assert data["dependencies"]["ollama"] == "ok"
    assert set(data["dependencies"]) >= {"postgres", "redis", "ollama", "chroma", "classifier"}


async def test_health_is_degraded_not_failing_when_ollama_is_down(
    client: httpx.AsyncClient, fake_ollama: FakeOllama
) -> None:
    fake_ollama.set_mode("down")

    response = await client.get("/health")

    assert response.status_code == 200
    data = envelope_data(response)
    assert data["status"] == "degraded"
    assert data["dependencies"]["ollama"] == "down"


async def test_unknown_route_is_an_enveloped_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/nope")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NOT_FOUND"


async def test_a_trailing_slash_is_a_404_not_a_redirect_to_the_internal_address(client: httpx.AsyncClient) -> None:
    # schemathesis: the gateway once forwarded DELETE /rag/documents/%0A as /rag/documents/, and the
    # 307 that answered named this service's own address.
    response = await client.get("/api/v1/products/")

    assert response.status_code == 404
    assert "location" not in response.headers
    assert response.json()["error"]["code"] == "NOT_FOUND"
