"""POST /api/v1/rag/query and health_info_for_breed over the seeded knowledge base, with the fake Ollama."""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Callable
from typing import cast

import httpx
import pytest
from fakes.ollama import FakeOllama

from app.rag.constants import NOTHING_RELEVANT_ANSWER
from app.rag.runtime import RagRuntime
from app.rag.seed import SeedReport
from app.rag.service import answer_question, health_info_for_breed
from app.rag.store import KnowledgeStore
from tests.conftest import envelope_data, envelope_error

Headers = Callable[[], dict[str, str]]
QUERY = "/api/v1/rag/query"


def chat_requests(fake: FakeOllama) -> list[dict]:
    return [request for request in fake.requests if request["path"] == "/api/chat"]


async def test_answer_comes_from_ollama_with_retrieved_context_in_prompt(
    seeded_kb: SeedReport, client: httpx.AsyncClient, user_headers: Headers, fake_ollama: FakeOllama
) -> None:
    fake_ollama.enqueue_reply("Cavaliers often develop mitral valve disease [1].")

    response = await client.post(
        QUERY, headers=user_headers(), json={"question": "What heart disease do Cavalier King Charles Spaniels get?"}
    )

    data = envelope_data(response)
    assert data["answer"] == "Cavaliers often develop mitral valve disease [1]."
    assert data["degraded"] == []
    assert data["sources"][0]["source"] == "cavalier-king-charles-spaniel.md"
    assert set(data["sources"][0]) == {
        "document_id",
        "title",
        "source",
        "document_type",
        "chunk_index",
        "score",
        "excerpt",
    }
    prompt = chat_requests(fake_ollama)[-1]["body"]["messages"][-1]["content"]
    assert "[1] Cavalier King Charles Spaniel breed profile" in prompt
    assert "Mitral valve disease is the most significant health problem" in prompt
    assert "What heart disease do Cavalier King Charles Spaniels get?" in prompt


async def test_the_model_reads_the_passages_as_its_context(
    seeded_kb: SeedReport, client: httpx.AsyncClient, user_headers: Headers, fake_ollama: FakeOllama
) -> None:
    # No scripted reply: the fake answers from the prompt the way a model would, quoting its context.
    response = await client.post(
        QUERY, headers=user_headers(), json={"question": "What heart disease do Cavaliers get?"}
    )

    data = envelope_data(response)
    assert data["degraded"] == [] and data["sources"]
    assert "no context" not in data["answer"]
    assert data["answer"].endswith('[1]"')  # a sentence of the first passage, cited


async def test_ollama_down_gives_extractive_answer_with_citations(
    seeded_kb: SeedReport, client: httpx.AsyncClient, user_headers: Headers, fake_ollama: FakeOllama
) -> None:
    fake_ollama.set_mode("down")

    response = await client.post(
        QUERY, headers=user_headers(), json={"question": "Is xylitol toxic to dogs?", "top_k": 3}
    )

    data = envelope_data(response)
    assert data["degraded"] == ["rag_llm"]
    assert data["answer"].startswith("From the knowledge base: Xylitol")  # the most relevant sentence first
    citations = [int(number) for number in re.findall(r"\[(\d+)\]", data["answer"])]
    assert citations and all(1 <= number <= len(data["sources"]) for number in citations)
    assert data["sources"] and data["sources"][0]["source"] == "dog-toxic-foods.md"
    assert len(data["sources"]) <= 3


async def test_ollama_error_also_falls_back_to_extractive(
    seeded_kb: SeedReport, client: httpx.AsyncClient, user_headers: Headers, fake_ollama: FakeOllama
) -> None:
    fake_ollama.set_mode("error")

    response = await client.post(
        QUERY, headers=user_headers(), json={"question": "How often should I brush my cat's teeth?"}
    )

    data = envelope_data(response)
    assert data["degraded"] == ["rag_llm"]
    assert data["answer"].startswith("From the knowledge base:")


async def test_unrelated_question_says_nothing_relevant_with_no_sources(
    seeded_kb: SeedReport, client: httpx.AsyncClient, user_headers: Headers, fake_ollama: FakeOllama
) -> None:
    response = await client.post(
        QUERY,
        headers=user_headers(),
        json={"question": "What was the closing price of the stock market index yesterday?"},
    )

    data = envelope_data(response)
    assert data["answer"] == NOTHING_RELEVANT_ANSWER
    assert data["answered"] is False
    assert data["sources"] == []
    assert chat_requests(fake_ollama) == []


async def test_breed_filter_keeps_other_breeds_out(
    seeded_kb: SeedReport, client: httpx.AsyncClient, user_headers: Headers
) -> None:
    response = await client.post(
        QUERY,
        headers=user_headers(),
        json={
            "question": "Which heart disease is common and how is it screened?",
            "breed": "Doberman Pinscher",
            "top_k": 10,
        },
    )

    sources = envelope_data(response)["sources"]
    assert sources
    breed_guides = {source["source"] for source in sources if source["document_type"] == "breed_guide"}
    assert breed_guides == {"doberman-pinscher.md"}  # unfiltered, Maine Coon, British Shorthair and Cavalier rank first


async def test_invalid_query_bodies_are_400(client: httpx.AsyncClient, user_headers: Headers) -> None:
    for body in (
        {"question": ""},
        {"question": "   "},
        {"question": "x" * 1001},
        {"question": "ok?", "top_k": 11},
        {"question": "ok?", "top_k": 0},
    ):
        response = await client.post(QUERY, headers=user_headers(), json=body)
        assert response.status_code == 400, body
        assert envelope_error(response)["code"] == "VALIDATION_ERROR"


async def test_health_info_for_breed_uses_the_breed_document(
    seeded_kb: SeedReport, rag: RagRuntime, fake_ollama: FakeOllama
) -> None:
    fake_ollama.reset()
    fake_ollama.set_mode("down")

    info = await health_info_for_breed(rag, breed="Labrador Retriever", species="dog", timeout=10)

    assert "hip dysplasia" in info.common_conditions
    assert info.sources and {source.source for source in info.sources} == {"labrador-retriever.md"}
    assert info.degraded == ["rag_llm"]
    assert info.summary
    fake_ollama.reset()


@pytest.mark.parametrize("breed", ["Toy Poodle", "Miniature Poodle", "Standard Poodle"])
async def test_health_info_for_every_size_of_a_breed_family_uses_the_family_guide(
    seeded_kb: SeedReport, rag: RagRuntime, fake_ollama: FakeOllama, breed: str
) -> None:
    fake_ollama.reset()
    fake_ollama.set_mode("down")

    info = await health_info_for_breed(rag, breed=breed, species="dog", timeout=10)

    assert info.sources and {source.source for source in info.sources} == {"poodle.md"}
    assert "sebaceous adenitis" in info.common_conditions  # from the guide, not the catalog
    fake_ollama.reset()


async def test_health_info_for_breed_summary_from_llm_when_up(
    seeded_kb: SeedReport, rag: RagRuntime, fake_ollama: FakeOllama
) -> None:
    fake_ollama.reset()
    fake_ollama.enqueue_reply("Persians are prone to polycystic kidney disease [1].")

    info = await health_info_for_breed(rag, breed="Persian", species="cat", timeout=10)

    assert info.summary == "Persians are prone to polycystic kidney disease [1]."
    assert info.degraded == []
    assert "polycystic kidney disease" in info.common_conditions
    fake_ollama.reset()


async def test_health_info_for_breed_without_document_comes_from_the_catalog_undegraded(
    seeded_kb: SeedReport, rag: RagRuntime
) -> None:
    info = await health_info_for_breed(rag, breed="Basenji", species="dog", timeout=10)

    assert info.degraded == []  # a breed without a guide is a content gap, not a fallback
    assert info.sources == []
    assert info.common_conditions == rag.breeds.get("Basenji").common_health_conditions
    assert "fanconi syndrome" in info.summary


async def test_health_info_for_breed_when_the_store_fails_is_catalog_data_flagged_rag(rag: RagRuntime) -> None:
    class BrokenStore:
        def query(self, *_args: object, **_kwargs: object) -> list[object]:
            raise RuntimeError("chroma is gone")

    info = await health_info_for_breed(
        dataclasses.replace(rag, store=cast(KnowledgeStore, BrokenStore())), breed="Basenji", species="dog", timeout=10
    )

    assert info.degraded == ["rag"]
    assert info.common_conditions == rag.breeds.get("Basenji").common_health_conditions


async def test_hanging_ollama_still_answers_within_rag_timeout(
    seeded_kb: SeedReport, rag: RagRuntime, fake_ollama: FakeOllama
) -> None:
    fake_ollama.reset()
    fake_ollama.set_mode("hang")
    quick = dataclasses.replace(rag, timeout_seconds=4)

    started = time.monotonic()
    answer = await answer_question(quick, question="How do I care for my senior cat with kidney disease?")

    assert time.monotonic() - started < 4
    assert answer.degraded == ["rag_llm"]
    assert answer.answer.startswith("From the knowledge base:")
    fake_ollama.reset()
