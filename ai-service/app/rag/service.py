"""What other code asks of the knowledge base: answer a question, health info for a breed, facts for a query."""

from __future__ import annotations

import asyncio
import time

import structlog

from smartbreeds_common.errors import ApplicationError

from app.rag.answering import extractive_answer, generate_with_llm, numbered_context
from app.rag.constants import EXTRACTIVE_RESERVE_SECONDS, HEALTH_SUMMARY_PROMPT, NOTHING_RELEVANT_ANSWER, QA_PROMPT
from app.rag.retrieval import retrieve_chunks, to_source
from app.rag.runtime import RagRuntime
from app.rag.schemas import HealthInfo, RagAnswer, Source

logger = structlog.get_logger(__name__)

LLM_DEGRADED = "rag_llm"
RAG_DEGRADED = "rag"


def _resolve_subject(rag: RagRuntime, *, question: str, breed: str | None, species: str | None) -> tuple[str | None, str | None]:
    if breed:
        canonical = rag.matcher.canonical(breed) or breed.strip()
        return canonical, species or rag.matcher.species_of(canonical)
    inferred = rag.matcher.in_question(question)
    return inferred.breed, species or inferred.species


async def answer_question(
    rag: RagRuntime, *, question: str, breed: str | None = None, species: str | None = None, top_k: int = 4
) -> RagAnswer:
    """Answer with citations. Never raises for Ollama trouble: falls back to an extractive answer, degraded ["rag_llm"].
    Raises UPSTREAM_TIMEOUT (504) only if retrieval itself outlasts RAG_TIMEOUT_SECONDS."""
    deadline = time.monotonic() + rag.timeout_seconds
    breed, species = _resolve_subject(rag, question=question, breed=breed, species=species)
    try:
        chunks = await asyncio.wait_for(
            retrieve_chunks(rag, query=question, breed=breed, species=species, top_k=top_k), timeout=rag.timeout_seconds
        )
    except TimeoutError as exc:
        raise ApplicationError("UPSTREAM_TIMEOUT", "The knowledge base did not answer in time.", status=504) from exc
    if not chunks:
        return RagAnswer(answer=NOTHING_RELEVANT_ANSWER, sources=[], degraded=[])
    sources = [to_source(chunk) for chunk in chunks]
    answer = await generate_with_llm(
        rag,
        prompt_template=QA_PROMPT,
        timeout=deadline - time.monotonic() - EXTRACTIVE_RESERVE_SECONDS,
        context=numbered_context(chunks),
        question=question,
    )
    if answer is not None:
        return RagAnswer(answer=answer, sources=sources, degraded=[])
    extractive = await asyncio.to_thread(extractive_answer, rag, question=question, chunks=chunks)
    return RagAnswer(answer=extractive, sources=sources, degraded=[LLM_DEGRADED])


async def retrieve_facts(rag: RagRuntime, *, query: str, breed: str | None, species: str | None, top_k: int) -> list[Source]:
    """The best passages for `query` (relevance-thresholded, best first), as citable sources."""
    breed, species = _resolve_subject(rag, question=query, breed=breed, species=species)
    return [to_source(chunk) for chunk in await retrieve_chunks(rag, query=query, breed=breed, species=species, top_k=top_k)]


def _catalog_profile(rag: RagRuntime, breed: str) -> object | None:
    return rag.breeds.get(breed) if rag.breeds is not None else None


async def health_info_for_breed(rag: RagRuntime, *, breed: str, species: str, timeout: float) -> HealthInfo:
    """Health summary, common conditions and sources for a breed. Never raises: it degrades.

    degraded contains "rag_llm" when the summary is extractive (Ollama down/slow), and "rag" when the
    knowledge base failed and the breed catalog filled in. A breed the knowledge base has no passage
    for is answered from the catalog without a flag: a gap in the content, nothing that fell back.
    """
    try:
        return await asyncio.wait_for(_health_info(rag, breed=breed, species=species, timeout=timeout), timeout=timeout)
    except Exception as exc:  # the knowledge base failing must not fail the pet analysis
        logger.warning("rag_health_info_failed", breed=breed, error_type=type(exc).__name__)
        return _catalog_health_info(rag, breed=breed, species=species, degraded=[RAG_DEGRADED])


def _catalog_health_info(rag: RagRuntime, *, breed: str, species: str, degraded: list[str]) -> HealthInfo:
    profile = _catalog_profile(rag, breed)
    conditions = list(getattr(profile, "common_health_conditions", []) or [])
    if conditions:
        summary = f"{breed}s are prone to: {', '.join(conditions)}. Regular veterinary check-ups help catch these early."
    else:
        summary = (
            f"No breed-specific health information is available for {breed}; general {species} care applies: "
            "yearly check-ups, vaccinations and parasite prevention."
        )
    return HealthInfo(summary=summary, common_conditions=conditions, sources=[], degraded=degraded)


async def _health_info(rag: RagRuntime, *, breed: str, species: str, timeout: float) -> HealthInfo:
    deadline = time.monotonic() + timeout
    canonical = rag.matcher.canonical(breed) or breed
    query = f"{canonical} health problems, common conditions and preventive care"
    chunks = await retrieve_chunks(
        rag, query=query, breed=canonical, species=species, top_k=4, where={"breed": {"$in": rag.matcher.labels_for(canonical)}}
    )
    if not chunks:
        return _catalog_health_info(rag, breed=canonical, species=species, degraded=[])
    conditions_text = next(
        (str(chunk.metadata.get("health_conditions", "")) for chunk in chunks if chunk.metadata.get("health_conditions")), ""
    )
    conditions = [item.strip() for item in conditions_text.split(";") if item.strip()]
    if not conditions:
        profile = _catalog_profile(rag, canonical)
        conditions = list(getattr(profile, "common_health_conditions", []) or [])
    sources = [to_source(chunk) for chunk in chunks]
    summary = await generate_with_llm(
        rag,
        prompt_template=HEALTH_SUMMARY_PROMPT,
        timeout=deadline - time.monotonic() - EXTRACTIVE_RESERVE_SECONDS,
        context=numbered_context(chunks),
        breed=canonical,
        species=species,
    )
    if summary is not None:
        return HealthInfo(summary=summary, common_conditions=conditions, sources=sources, degraded=[])
    extractive = await asyncio.to_thread(extractive_answer, rag, question=query, chunks=chunks, max_sentences=4)
    return HealthInfo(summary=extractive, common_conditions=conditions, sources=sources, degraded=[LLM_DEGRADED])
