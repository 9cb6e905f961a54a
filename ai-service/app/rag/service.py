"""What other code asks of the knowledge base: answer a question, health info for a breed, facts for a query."""

from __future__ import annotations

import asyncio
import time

import structlog

from smartbreeds_common.errors import ApplicationError

from app.breeds.models import plural_breed
from app.core import metrics
from app.rag.answering import CitedAnswer, cite_used, extractive_answer, generate_with_llm, numbered_context
from app.rag.constants import (
    EXTRACTIVE_RESERVE_SECONDS,
    HEALTH_SUMMARY_PROMPT,
    LLM_ABSTAIN_TOKEN,
    NOTHING_RELEVANT_ANSWER,
    NOTHING_RELEVANT_HEALTH_SUFFIX,
    QA_PROMPT,
)
from app.rag.relevance import about_health, plain_words
from app.rag.retrieval import relevant_chunks, resolve_subject, retrieve_chunks, to_source
from app.rag.runtime import RagRuntime
from app.rag.schemas import HealthInfo, RagAnswer, Source

logger = structlog.get_logger(__name__)

LLM_DEGRADED = "rag_llm"
HEALTH_SENTENCE_QUERY = (
    "health problems, inherited diseases and conditions this breed is prone to, and how to prevent them"
)
RAG_DEGRADED = "rag"


def _abstained(question: str, degraded: list[str]) -> RagAnswer:
    answer = NOTHING_RELEVANT_ANSWER + (NOTHING_RELEVANT_HEALTH_SUFFIX if about_health(question) else "")
    return RagAnswer(answer=answer, answered=False, sources=[], degraded=degraded)


def _cited(answer: CitedAnswer, degraded: list[str]) -> RagAnswer:
    return RagAnswer(
        answer=answer.text, answered=True, sources=[to_source(chunk) for chunk in answer.chunks], degraded=degraded
    )


@metrics.observe_rag_query
async def answer_question(
    rag: RagRuntime, *, question: str, breed: str | None = None, species: str | None = None, top_k: int = 4
) -> RagAnswer:
    """Answer with citations, or abstain (`answered` false, no sources) when nothing in the knowledge base is relevant.

    Never raises for Ollama trouble: falls back to an extractive answer, degraded ["rag_llm"].
    Raises UPSTREAM_TIMEOUT (504) only if retrieval itself outlasts RAG_TIMEOUT_SECONDS."""
    deadline = time.monotonic() + rag.timeout_seconds
    breed, species = resolve_subject(rag, question=question, breed=breed, species=species)
    # A breed given beside the question (not in it) is part of what is asked:
    # "which heart disease is common?" + Doberman.
    query = plain_words(question)
    query = query if breed is None or rag.matcher.in_question(question).breed == breed else f"{breed}: {query}"
    try:
        chunks = await asyncio.wait_for(
            relevant_chunks(rag, question=query, breed=breed, species=species, top_k=top_k), timeout=rag.timeout_seconds
        )
    except TimeoutError as exc:
        raise ApplicationError("UPSTREAM_TIMEOUT", "The knowledge base did not answer in time.", status=504) from exc
    if not chunks:
        return _abstained(question, degraded=[])
    reply = await generate_with_llm(
        rag,
        prompt_template=QA_PROMPT,
        timeout=deadline - time.monotonic() - EXTRACTIVE_RESERVE_SECONDS,
        context=numbered_context(chunks),
        question=question,
    )
    if reply is not None and reply.strip().strip(".").upper() == LLM_ABSTAIN_TOKEN:
        return _abstained(question, degraded=[])
    if reply is not None:
        cited = cite_used(reply.replace(LLM_ABSTAIN_TOKEN, "").strip(), chunks)
        if cited.chunks:
            return _cited(cited, degraded=[])
        logger.warning("rag_llm_answer_uncited")  # not grounded in any passage: answer extractively instead
    labels = rag.matcher.labels_for(breed) if breed else None
    extractive = await asyncio.to_thread(extractive_answer, rag, question=query, chunks=chunks, breed_labels=labels)
    if extractive is None:
        return _abstained(question, degraded=[LLM_DEGRADED])
    return _cited(extractive, degraded=[LLM_DEGRADED])


async def retrieve_facts(
    rag: RagRuntime, *, query: str, breed: str | None, species: str | None, top_k: int
) -> list[Source]:
    """The best passages for `query` (relevance-thresholded, best first), as citable sources."""
    breed, species = resolve_subject(rag, question=query, breed=breed, species=species)
    return [
        to_source(chunk) for chunk in await retrieve_chunks(rag, query=query, breed=breed, species=species, top_k=top_k)
    ]


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
    except Exception as exc:  # noqa: BLE001 - the knowledge base failing must not fail the pet analysis
        logger.warning("rag_health_info_failed", breed=breed, error_type=type(exc).__name__)
        return _catalog_health_info(rag, breed=breed, species=species, degraded=[RAG_DEGRADED])


def _catalog_health_info(rag: RagRuntime, *, breed: str, species: str, degraded: list[str]) -> HealthInfo:
    profile = _catalog_profile(rag, breed)
    conditions = list(getattr(profile, "common_health_conditions", []) or [])
    if conditions:
        summary = (
            f"{plural_breed(breed)} are prone to: {', '.join(conditions)}. "
            "Regular veterinary check-ups help catch these early."
        )
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
        rag,
        query=query,
        breed=canonical,
        species=species,
        top_k=4,
        where={"breed": {"$in": rag.matcher.labels_for(canonical)}},
    )
    if not chunks:
        return _catalog_health_info(rag, breed=canonical, species=species, degraded=[])
    conditions_text = next(
        (
            str(chunk.metadata.get("health_conditions", ""))
            for chunk in chunks
            if chunk.metadata.get("health_conditions")
        ),
        "",
    )
    conditions = [item.strip() for item in conditions_text.split(";") if item.strip()]
    if not conditions:
        profile = _catalog_profile(rag, canonical)
        conditions = list(getattr(profile, "common_health_conditions", []) or [])
    summary = await generate_with_llm(
        rag,
        prompt_template=HEALTH_SUMMARY_PROMPT,
        timeout=deadline - time.monotonic() - EXTRACTIVE_RESERVE_SECONDS,
        context=numbered_context(chunks),
        breed=canonical,
        species=species,
    )
    if summary is not None:
        cited = cite_used(summary, chunks)
        if cited.chunks:
            return HealthInfo(summary=cited.text, common_conditions=conditions, sources=_sources(cited), degraded=[])
    labels = rag.matcher.labels_for(canonical)
    # The passages are all the breed's own: sentences are chosen for the health topic, not for the breed's name.
    extractive = await asyncio.to_thread(
        extractive_answer, rag, question=HEALTH_SENTENCE_QUERY, chunks=chunks, breed_labels=labels, max_sentences=4
    )
    if extractive is None:
        return _catalog_health_info(rag, breed=canonical, species=species, degraded=[LLM_DEGRADED])
    return HealthInfo(
        summary=extractive.text, common_conditions=conditions, sources=_sources(extractive), degraded=[LLM_DEGRADED]
    )


def _sources(answer: CitedAnswer) -> list[Source]:
    return [to_source(chunk) for chunk in answer.chunks]
