"""The urgency rule: an urgent question is never abstained and leads with urgent care, in both modes;
a question about another species is abstained with what the knowledge base covers."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest
from fakes.ollama import FakeOllama

from app.rag.constants import LLM_ABSTAIN_TOKEN, URGENT_LEAD
from app.rag.evaluation import leads_with_urgent_care
from app.rag.seed import SeedReport
from app.rag.urgency import Urgency, other_species_in, urgency_of
from tests.conftest import envelope_data

Headers = Callable[[], dict[str, str]]
QUERY = "/api/v1/rag/query"


@pytest.fixture
def ollama(fake_ollama: FakeOllama) -> Iterator[FakeOllama]:
    fake_ollama.reset()
    yield fake_ollama
    fake_ollama.reset()


@pytest.mark.parametrize(
    ("question", "urgency"),
    [
        ("My dog ate chocolate, what should I do?", Urgency.INGESTION),
        ("my puppy swallowed a battery", Urgency.INGESTION),
        ("I think my cat has been poisoned", Urgency.INGESTION),
        ("my dog is bleeding from his ear and it won't stop", Urgency.SIGN),
        ("my cat collapsed in the garden", Urgency.SIGN),
        ("my dog is struggling to breathe", Urgency.SIGN),
        ("my dog is having a fit", Urgency.SIGN),
        ("his belly is swollen and he keeps retching but nothing comes up", Urgency.SIGN),
        ("my tom cat is straining in the litter tray", Urgency.SIGN),
        ("Is chocolate toxic to dogs?", None),
        ("Why do Pugs have trouble breathing?", None),  # a breed trait, not a pet in trouble
        ("What are the signs that my pet needs an emergency vet?", None),
    ],
)
def test_urgency_is_decided_by_rule(question: str, urgency: Urgency | None) -> None:
    assert urgency_of(question) == urgency


@pytest.mark.parametrize(
    ("question", "animal"),
    [
        ("can my budgie eat grapes?", "budgie"),
        ("can ferrets have the same flea treatment as cats?", "ferrets"),
        ("is chocolate bad for horses", "horses"),
        ("my cat brings in mice every day", None),
        ("the dog has eaten rat poison", None),
        ("can my dog eat plain boiled chicken?", None),
    ],
)
def test_the_first_named_animal_is_the_subject(question: str, animal: str | None) -> None:
    assert other_species_in(question) == animal


@pytest.mark.parametrize("mode", ["ok", "down"])
@pytest.mark.parametrize(
    "question", ["My dog ate chocolate, what should I do?", "my dog collapsed on our walk, it's really hot today"]
)
async def test_an_urgent_question_leads_with_urgent_care_and_cites_the_guides(
    seeded_kb: SeedReport,
    client: httpx.AsyncClient,
    user_headers: Headers,
    ollama: FakeOllama,
    mode: str,
    question: str,
) -> None:
    ollama.set_mode(mode)

    data = envelope_data(await client.post(QUERY, headers=user_headers(), json={"question": question}))

    assert data["answered"] is True
    assert data["answer"].startswith(URGENT_LEAD[urgency_of(question) or Urgency.SIGN])
    assert leads_with_urgent_care(data["answer"])
    assert data["sources"], data
    assert data["sources"][0]["document_type"] == "health_info"  # the urgent-care guidance comes first


async def test_an_urgent_question_is_answered_even_when_the_model_says_the_passages_do_not_answer(
    seeded_kb: SeedReport, client: httpx.AsyncClient, user_headers: Headers, ollama: FakeOllama
) -> None:
    ollama.enqueue_reply(LLM_ABSTAIN_TOKEN)

    data = envelope_data(await client.post(QUERY, headers=user_headers(), json={"question": "My puppy ate a grape"}))

    assert data["answered"] is True
    assert leads_with_urgent_care(data["answer"])
    assert "kidney failure" in data["answer"]
    assert data["degraded"] == ["rag_llm"]


async def test_the_model_writes_after_the_urgent_lead_from_the_selected_passages(
    seeded_kb: SeedReport, client: httpx.AsyncClient, user_headers: Headers, ollama: FakeOllama
) -> None:
    data = envelope_data(
        await client.post(
            QUERY, headers=user_headers(), json={"question": "help my dog got into my bag and ate sugar free gum"}
        )
    )

    prompt = next(r for r in ollama.requests if r["path"] == "/api/chat")["body"]["messages"][-1]["content"]
    assert URGENT_LEAD["ingestion"] in prompt and "[1] " in prompt
    assert data["answer"].startswith(URGENT_LEAD["ingestion"])
    assert data["degraded"] == [] and data["sources"]


@pytest.mark.parametrize("mode", ["ok", "down"])
async def test_another_species_is_abstained_with_what_the_knowledge_base_covers(
    seeded_kb: SeedReport, client: httpx.AsyncClient, user_headers: Headers, ollama: FakeOllama, mode: str
) -> None:
    ollama.set_mode(mode)

    data = envelope_data(
        await client.post(QUERY, headers=user_headers(), json={"question": "can my budgie eat grapes?"})
    )

    assert data["answered"] is False and data["sources"] == []
    assert "dogs and cats only" in data["answer"]
    assert not [r for r in ollama.requests if r["path"] == "/api/chat"]


async def test_another_species_in_an_emergency_still_gets_told_to_call_a_vet(
    seeded_kb: SeedReport, client: httpx.AsyncClient, user_headers: Headers
) -> None:
    data = envelope_data(
        await client.post(QUERY, headers=user_headers(), json={"question": "my rabbit ate some chocolate"})
    )

    assert data["answered"] is False and data["sources"] == []
    assert leads_with_urgent_care(data["answer"])
