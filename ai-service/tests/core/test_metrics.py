"""/metrics of the AI service: Prometheus text without an identity, RED metrics by route template, and
the vision domain metrics moved by a real analysis (real classifier, fake Ollama)."""

from __future__ import annotations

import json

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import envelope_data
from tests.images import photo_bytes
from tests.vision.test_vision_api import VLM_ANSWER

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


async def _samples(client: httpx.AsyncClient) -> Samples:
    response = await client.get("/metrics")  # no identity headers: Prometheus is not a user
    assert response.status_code == 200
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def _sum(samples: Samples, name: str, **labels: str) -> float:
    return sum(value for (n, ls), value in samples.items() if n == name and set(labels.items()) <= set(ls))


async def _analyze(client: httpx.AsyncClient, headers: dict[str, str]) -> httpx.Response:
    files = {"image": ("pet.png", photo_bytes("chelsea.png"), "application/octet-stream")}
    return await client.post("/api/v1/pets/analyze", headers=headers, files=files)


async def test_an_analysis_moves_the_vision_metrics(client, user_headers, fake_ollama) -> None:
    before = await _samples(client)
    fake_ollama.enqueue_reply(json.dumps(VLM_ANSWER))
    data = envelope_data(await _analyze(client, user_headers()))
    assert data["breed_source"] == "vlm"
    after = await _samples(client)
    confident = str(data["is_confident"]).lower()
    analyses = ("ai_analyses_total", {"breed_source": "vlm", "confident": confident})
    assert _sum(after, analyses[0], **analyses[1]) == _sum(before, analyses[0], **analyses[1]) + 1
    vlm_calls = "ai_vlm_request_duration_seconds_count"
    assert _sum(after, vlm_calls, outcome="ok") == _sum(before, vlm_calls, outcome="ok") + 1
    assert _sum(after, "ai_ollama_up") == 1
    # RED metrics by route template, status class: never the raw path
    assert _sum(after, "http_requests_total", handler="/api/v1/pets/analyze", method="POST", status="2xx") >= 1
    assert not any(dict(ls).get("handler", "").startswith("/api/v1/pets/analyses/") for _, ls in after)


async def test_an_analysis_without_ollama_counts_a_fallback(client, user_headers, fake_ollama) -> None:
    before = await _samples(client)
    fake_ollama.set_mode("down")
    data = envelope_data(await _analyze(client, user_headers()))
    assert "vision_llm" in data["degraded"]
    after = await _samples(client)
    assert _sum(after, "ai_vlm_fallbacks_total") == _sum(before, "ai_vlm_fallbacks_total") + 1
    assert (
        _sum(after, "ai_analyses_total", breed_source="classifier")
        == _sum(before, "ai_analyses_total", breed_source="classifier") + 1
    )
