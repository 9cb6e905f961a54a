"""POST /rag/query abstains in both modes, lists only cited passages; GET /rag/documents/{id} reads a cited source."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from fakes.ollama import FakeOllama

from app.rag.constants import LLM_ABSTAIN_TOKEN, NOTHING_RELEVANT_ANSWER
from app.rag.runtime import RagRuntime
from app.rag.seed import SeedReport, seed_document_id
from app.rag.service import health_info_for_breed
from tests.conftest import envelope_data, envelope_error
from tests.rag.jobs import ingest_inline

Headers = Callable[[], dict[str, str]]
QUERY = "/api/v1/rag/query"


@pytest.fixture
def ollama(fake_ollama: FakeOllama) -> Iterator[FakeOllama]:
    fake_ollama.reset()
    yield fake_ollama
    fake_ollama.reset()


def chats(fake: FakeOllama) -> list[dict]:
    return [request for request in fake.requests if request["path"] == "/api/chat"]


def cited_numbers(answer: str) -> list[int]:
    return [int(number) for number in re.findall(r"\[(\d+)\]", answer)]


@pytest.mark.parametrize("mode", ["ok", "down"])
@pytest.mark.parametrize(
    "question",
    [
        "What is the capital of France?",  # other species ("my parrot") have their own answer: test_urgency_rule.py
        "How do I reset my wifi router?",
        "Can I take my dog on a plane in the cabin?",
    ],
)
async def test_nothing_relevant_is_an_abstained_answer_in_both_modes(
    seeded_kb: SeedReport,
    client: httpx.AsyncClient,
    user_headers: Headers,
    ollama: FakeOllama,
    mode: str,
    question: str,
) -> None:
    ollama.set_mode(mode)

    data = envelope_data(await client.post(QUERY, headers=user_headers(), json={"question": question}))

    assert data["answered"] is False
    assert data["sources"] == []
    assert data["answer"] == NOTHING_RELEVANT_ANSWER
    assert chats(ollama) == []  # the model is not asked to answer from irrelevant passages


async def test_an_abstained_health_question_points_to_a_vet(
    seeded_kb: SeedReport, client: httpx.AsyncClient, user_headers: Headers, ollama: FakeOllama
) -> None:
    data = envelope_data(
        await client.post(QUERY, headers=user_headers(), json={"question": "My hamster is sick and not eating"})
    )

    assert data["answered"] is False and data["sources"] == []
    assert "dogs and cats only" in data["answer"] and "veterinarian" in data["answer"]  # another species


async def test_the_model_saying_the_passages_do_not_answer_is_an_abstention(
    seeded_kb: SeedReport, client: httpx.AsyncClient, user_headers: Headers, ollama: FakeOllama
) -> None:
    ollama.enqueue_reply(LLM_ABSTAIN_TOKEN)

    data = envelope_data(
        await client.post(QUERY, headers=user_headers(), json={"question": "Do Siamese cats talk a lot?"})
    )

    assert len(chats(ollama)) == 1
    assert data["answered"] is False and data["sources"] == [] and data["degraded"] == []


async def test_llm_markers_are_renumbered_and_only_cited_passages_listed(
    seeded_kb: SeedReport, client: httpx.AsyncClient, user_headers: Headers, ollama: FakeOllama
) -> None:
    ollama.enqueue_reply("Start with short time-outs [2]. Redirect to a toy [2][9]. Biting is normal at this age [1].")

    data = envelope_data(
        await client.post(
            QUERY, headers=user_headers(), json={"question": "How do I stop my puppy biting?", "top_k": 4}
        )
    )

    assert data["answered"] is True and data["degraded"] == []
    assert data["answer"] == "Start with short time-outs [1]. Redirect to a toy [1]. Biting is normal at this age [2]."
    assert len(data["sources"]) == 2
    prompt = chats(ollama)[-1]["body"]["messages"][-1]["content"]
    passages = re.findall(r"^\[(\d+)\] ", prompt, re.MULTILINE)
    assert len(passages) >= 2  # the model saw more passages than it cited: the rest are not listed
    second = prompt.split("[2] ", 1)[1]
    assert data["sources"][0]["excerpt"][:40] in " ".join(second.split())


async def test_an_uncited_llm_answer_is_replaced_by_a_cited_extractive_one(
    seeded_kb: SeedReport, client: httpx.AsyncClient, user_headers: Headers, ollama: FakeOllama
) -> None:
    ollama.enqueue_reply("Just love your dog and it will be fine.")

    data = envelope_data(
        await client.post(QUERY, headers=user_headers(), json={"question": "How much exercise does a Corgi need?"})
    )

    assert data["answered"] is True and data["degraded"] == ["rag_llm"]
    assert "love your dog" not in data["answer"]
    assert sorted(set(cited_numbers(data["answer"]))) == list(range(1, len(data["sources"]) + 1))


async def test_extractive_corgi_answer_quotes_the_corgi_guide_only(
    seeded_kb: SeedReport, client: httpx.AsyncClient, user_headers: Headers, ollama: FakeOllama
) -> None:
    ollama.set_mode("down")

    data = envelope_data(
        await client.post(QUERY, headers=user_headers(), json={"question": "How much exercise does a Corgi need?"})
    )

    assert data["answered"] is True and data["degraded"] == ["rag_llm"]
    assert {source["source"] for source in data["sources"]} == {"pembroke-welsh-corgi.md"}
    assert "hour" in data["answer"] and not re.search(r"(?:^|: |\] )(?:This|They|It)\b", data["answer"])
    assert sorted(set(cited_numbers(data["answer"]))) == list(range(1, len(data["sources"]) + 1))


async def test_health_info_lists_the_sources_its_summary_cites(
    seeded_kb: SeedReport, rag: RagRuntime, ollama: FakeOllama
) -> None:
    ollama.enqueue_reply("Pugs often have breathing problems [3] and eye injuries [3].")

    info = await health_info_for_breed(rag, breed="Pug", species="dog", timeout=10)

    assert info.summary == "Pugs often have breathing problems [1] and eye injuries [1]."
    assert len(info.sources) == 1 and info.sources[0].source == "pug.md"
    assert info.sources[0].document_id and info.sources[0].title and info.sources[0].excerpt


async def test_a_cited_source_can_be_read_by_any_signed_in_user(
    seeded_kb: SeedReport, client: httpx.AsyncClient, user_headers: Headers, ollama: FakeOllama
) -> None:
    ollama.set_mode("down")
    answer = envelope_data(
        await client.post(
            QUERY, headers=user_headers(), json={"question": "How long does it take to house train a puppy?"}
        )
    )
    source = answer["sources"][0]

    response = await client.get(f"/api/v1/rag/documents/{source['document_id']}", headers=user_headers())

    document = envelope_data(response)
    assert document["document_id"] == source["document_id"] == seed_document_id("behaviour/house-training.md")
    assert document["title"] == "House training a puppy or new dog"
    assert document["document_type"] == "care" and document["source"] == "house-training.md"
    assert (
        "## Take the puppy out often" in document["text"] and "sources:" not in document["text"]
    )  # body, no front matter
    assert (
        " ".join(document["text"].split()).find(source["excerpt"].rstrip("…")[:60]) >= 0
    )  # the cited passage is in it


@pytest.mark.parametrize("document_id", [str(uuid.uuid4()), "not-a-uuid"])
async def test_reading_an_unknown_document_is_404(
    client: httpx.AsyncClient, user_headers: Headers, document_id: str
) -> None:
    response = await client.get(f"/api/v1/rag/documents/{document_id}", headers=user_headers())

    assert response.status_code == 404
    assert envelope_error(response)["code"] == "DOCUMENT_NOT_FOUND"


async def test_reading_a_document_needs_a_signed_in_user(seeded_kb: SeedReport, client: httpx.AsyncClient) -> None:
    response = await client.get(f"/api/v1/rag/documents/{seed_document_id('behaviour/house-training.md')}")

    assert response.status_code == 401


@pytest.mark.usefixtures("jobs_run_here")
async def test_a_newly_ingested_documents_words_count_as_known_at_once(
    seeded_kb: SeedReport,
    client: httpx.AsyncClient,
    user_headers: Headers,
    admin_headers: Headers,
    ollama: FakeOllama,
    app: Any,
) -> None:
    marker = uuid.uuid4().hex[:8]
    question = f"How much exercise does a Beagle need? ({marker})"
    guide = f"# Beagle exercise {marker}\n\nA Beagle needs at least an hour of exercise a day, code {marker}.\n"
    ingested = await ingest_inline(client, admin_headers, app.state, f"beagle-{marker}.md", guide.encode())
    assert ingested["outcome"] == "succeeded", ingested
    document_id = ingested["document_id"]
    ollama.set_mode("down")
    try:
        data = envelope_data(await client.post(QUERY, headers=user_headers(), json={"question": question}))
    finally:
        await client.delete(f"/api/v1/rag/documents/{document_id}", headers=admin_headers())

    assert data["answered"] is True
    assert document_id in {source["document_id"] for source in data["sources"]}
    assert sorted(set(cited_numbers(data["answer"]))) == list(range(1, len(data["sources"]) + 1))


@pytest.mark.usefixtures("jobs_run_here")
async def test_a_document_whose_stored_file_is_gone_is_read_from_its_chunks(
    client: httpx.AsyncClient, user_headers: Headers, admin_headers: Headers, rag: RagRuntime, app: Any
) -> None:
    marker = uuid.uuid4().hex[:8]
    text = f"# Cat grooming {marker}\n\nLong-haired cats need daily combing to prevent mats, code {marker}.\n"
    ingested = await ingest_inline(client, admin_headers, app.state, f"groom-{marker}.md", text.encode())
    assert ingested["outcome"] == "succeeded", ingested
    (rag.documents_dir / f"{ingested['document_id']}-{ingested['document']['source']}").unlink()
    try:
        document = envelope_data(
            await client.get(f"/api/v1/rag/documents/{ingested['document_id']}", headers=user_headers())
        )
    finally:
        await client.delete(f"/api/v1/rag/documents/{ingested['document_id']}", headers=admin_headers())

    assert f"daily combing to prevent mats, code {marker}." in document["text"]


async def test_a_question_in_everyday_words_is_answered_from_the_right_guide(
    seeded_kb: SeedReport, client: httpx.AsyncClient, user_headers: Headers, ollama: FakeOllama
) -> None:
    ollama.set_mode("down")

    data = envelope_data(
        await client.post(QUERY, headers=user_headers(), json={"question": "My kitty keeps throwing up"})
    )

    assert data["answered"] is True
    assert data["sources"][0]["source"] == "vomiting-and-diarrhoea.md"
