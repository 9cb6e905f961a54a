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


async def test_a_question_nothing_answers_is_an_abstention(client, user_headers) -> None:
    before = await _samples(client)
    question = {"question": "What was the closing price of the stock market index yesterday?"}
    data = envelope_data(await client.post("/api/v1/rag/query", headers=user_headers(), json=question))
    assert data["answered"] is False
    after = await _samples(client)
    queries = "ai_rag_query_duration_seconds_count"
    assert _sum(after, queries, answered="false") == _sum(before, queries, answered="false") + 1
    assert _sum(after, "ai_rag_abstentions_total") == _sum(before, "ai_rag_abstentions_total") + 1


async def test_an_ingestion_refusal_is_counted_by_code(client, admin_headers) -> None:
    before = await _samples(client)
    files = {"file": ("notes.exe", b"MZ\x90\x00 not a document", "application/octet-stream")}
    response = await client.post(
        "/api/v1/rag/ingest", headers=admin_headers(), files=files, data={"document_type": "care"}
    )
    assert response.status_code == 400
    after = await _samples(client)
    code = response.json()["error"]["code"]
    refusals = "ai_rag_ingestion_refusals_total"
    assert _sum(after, refusals, code=code) == _sum(before, refusals, code=code) + 1
    durations = "ai_rag_ingestion_duration_seconds_count"
    assert _sum(after, durations, outcome="refused") == _sum(before, durations, outcome="refused") + 1
