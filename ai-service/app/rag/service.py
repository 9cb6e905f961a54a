"""What other code asks of the knowledge base: answer a question, health info for a breed, facts for a query."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import structlog

from smartbreeds_common.errors import ApplicationError

from app.breeds.models import plural_breed
from app.core import metrics
from app.rag.answering import CitedAnswer, cite_used, extractive_answer, generate_with_llm, numbered_context
from app.rag.constants import (
    ANSWER_THRESHOLD,
    ASKED_FOR_HINTS,
    CANDIDATE_PASSAGES,
    EXTRACTIVE_RESERVE_SECONDS,
    HEALTH_SUMMARY_PROMPT,
    LLM_ABSTAIN_TOKEN,
    NOTHING_RELEVANT_ANSWER,
    NOTHING_RELEVANT_HEALTH_SUFFIX,
    OTHER_SPECIES_ANSWER,
    OTHER_SPECIES_URGENT_LEAD,
    QA_PROMPT,
    RELEVANCE_THRESHOLD,
    URGENT_GUIDANCE_QUERY,
    URGENT_LEAD,
    URGENT_NOTHING_MORE,
    URGENT_QA_PROMPT,
)
from app.rag.owner_language import breed_nickname_text, expanded_terms, plain_words
from app.rag.question_types import AskedFor, asked_for
from app.rag.relevance import about_health, content_terms, relevance
from app.rag.retrieval import resolve_subject, retrieve_chunks, to_source
from app.rag.runtime import RagRuntime
from app.rag.schemas import HealthInfo, RagAnswer, Source
from app.rag.selection import extractive_text, select_answer, urgent_sentences
from app.rag.store import StoredChunk
from app.rag.urgency import Urgency, other_species_in, urgency_of, urgent_words

logger = structlog.get_logger(__name__)

LLM_DEGRADED = "rag_llm"
HEALTH_SENTENCE_QUERY = (
    "health problems, inherited diseases and conditions this breed is prone to, and how to prevent them"
)
RAG_DEGRADED = "rag"


def _abstained(question: str, degraded: list[str]) -> RagAnswer:
    answer = NOTHING_RELEVANT_ANSWER + (NOTHING_RELEVANT_HEALTH_SUFFIX if about_health(question) else "")
    return RagAnswer(answer=answer, answered=False, sources=[], degraded=degraded)


def _other_species(animal: str, urgency: Urgency | None) -> RagAnswer:
    """Abstain, saying what the knowledge base covers; an emergency still gets the one safe instruction."""
    answer = OTHER_SPECIES_ANSWER.format(animal=animal)
    if urgency is not None:
        answer = OTHER_SPECIES_URGENT_LEAD.format(animal=animal) + " " + answer
    return RagAnswer(answer=answer, answered=False, sources=[], degraded=[])


def _cited(answer: CitedAnswer, degraded: list[str]) -> RagAnswer:
    return RagAnswer(
        answer=answer.text, answered=True, sources=[to_source(chunk) for chunk in answer.chunks], degraded=degraded
    )


@dataclass(frozen=True, slots=True)
class _Question:
    text: str
    dense_query: str  # in the guides' words, breed names written out
    lexical_query: str  # the owner's words plus the guides' words (BM25)
    breed: str | None
    species: str | None
    kind: AskedFor
    urgency: Urgency | None
    subject_words: set[str]


def _understand(rag: RagRuntime, *, question: str, breed: str | None, species: str | None) -> _Question:
    breed, species = resolve_subject(rag, question=question, breed=breed, species=species)
    named = rag.matcher.with_breed_names(question)
    dense_query = rag.matcher.with_breed_names(plain_words(question))
    lexical_query = expanded_terms(named)
    # A breed given beside the question (not in it) is part of what is asked:
    # "which heart disease is common?" + Doberman.
    if breed is not None and rag.matcher.in_question(question).breed != breed:
        dense_query, lexical_query = f"{breed}: {dense_query}", f"{breed} {lexical_query}"
    subject_words = set(content_terms(" ".join(rag.matcher.labels_for(breed)))) if breed else set()
    subject_words |= set(content_terms(breed_nickname_text(breed))) if breed else set()
    return _Question(
        text=question,
        dense_query=dense_query,
        lexical_query=lexical_query,
        breed=breed,
        species=species,
        kind=asked_for(question),
        urgency=urgency_of(question),
        subject_words=subject_words,
    )


async def _retrieve(rag: RagRuntime, asked: _Question, *, top_k: int, threshold: float) -> list[StoredChunk]:
    try:
        return await asyncio.wait_for(
            retrieve_chunks(
                rag,
                query=asked.dense_query,
                lexical_query=asked.lexical_query,
                breed=asked.breed,
                species=asked.species,
                top_k=top_k,
                threshold=threshold,
            ),
            timeout=rag.timeout_seconds,
        )
    except TimeoutError as exc:
        raise ApplicationError("UPSTREAM_TIMEOUT", "The knowledge base did not answer in time.", status=504) from exc


def _labels(rag: RagRuntime, breed: str | None) -> list[str] | None:
    return rag.matcher.labels_for(breed) if breed else None


@metrics.observe_rag_query
async def answer_question(
    rag: RagRuntime, *, question: str, breed: str | None = None, species: str | None = None, top_k: int = 4
) -> RagAnswer:
    """Answer with citations, or abstain (`answered` false, no sources) when the knowledge base does not
    state what is asked. Urgent questions are never abstained: they lead with the urgent-care guidance.

    Never raises for Ollama trouble: falls back to an extractive answer, degraded ["rag_llm"].
    Raises UPSTREAM_TIMEOUT (504) only if retrieval itself outlasts RAG_TIMEOUT_SECONDS."""
    deadline = time.monotonic() + rag.timeout_seconds
    urgency = urgency_of(question)
    animal = None if breed else other_species_in(question)
    if animal is not None:
        return _other_species(animal, urgency)
    asked = _understand(rag, question=question, breed=breed, species=species)
    depth = max(top_k, CANDIDATE_PASSAGES)
    if asked.urgency is not None:
        return await _urgent_answer(rag, asked, top_k=top_k, deadline=deadline)
    chunks = await _retrieve(rag, asked, top_k=depth, threshold=RELEVANCE_THRESHOLD)
    if not chunks:
        return _abstained(question, degraded=[])
    await asyncio.to_thread(rag.vocabulary.refresh, rag.store, version=rag.lexical.version)
    best = max(chunk.score for chunk in chunks)
    if relevance(best, rag.vocabulary.unknown_share(asked.dense_query)) < ANSWER_THRESHOLD:
        return _abstained(question, degraded=[])
    sentences = await asyncio.to_thread(
        select_answer,
        rag,
        question=question,
        query=asked.dense_query,
        kind=asked.kind,
        chunks=chunks,
        breed_labels=_labels(rag, asked.breed),
        subject_words=asked.subject_words,
        vectors=rag.sentence_vectors,
    )
    if sentences is None:
        return _abstained(question, degraded=[])  # on topic, but the asked-for fact is not stated
    # The model gets the passages holding the selected sentences first, then the next best ones.
    selected = list(dict.fromkeys(sentence.chunk for sentence in sentences))
    passages = [chunks[index] for index in selected]
    passages += [chunk for index, chunk in enumerate(chunks) if index not in selected][: max(0, top_k - len(passages))]
    reply = await generate_with_llm(
        rag,
        prompt_template=QA_PROMPT,
        timeout=deadline - time.monotonic() - EXTRACTIVE_RESERVE_SECONDS,
        context=numbered_context(passages),
        question=question,
        asked_for=ASKED_FOR_HINTS[asked.kind],
    )
    if reply is not None and reply.strip().strip(".").upper() == LLM_ABSTAIN_TOKEN:
        return _abstained(question, degraded=[])
    if reply is not None:
        cited = cite_used(reply.replace(LLM_ABSTAIN_TOKEN, "").strip(), passages)
        if cited.chunks:
            return _cited(cited, degraded=[])
        logger.warning("rag_llm_answer_uncited")  # not grounded in any passage: answer extractively instead
    return _cited(extractive_text(sentences, chunks), degraded=[LLM_DEGRADED])


async def _urgent_answer(rag: RagRuntime, asked: _Question, *, top_k: int, deadline: float) -> RagAnswer:
    """The rule for emergencies: lead with urgent care, then the knowledge base's urgent-care guidance and
    the specific guide's facts, with sources. Never abstains."""
    lead = URGENT_LEAD[asked.urgency or Urgency.SIGN]
    chunks = await _retrieve(rag, asked, top_k=max(top_k, CANDIDATE_PASSAGES), threshold=0.0)
    guidance_query = _Question(
        text=asked.text,
        dense_query=f"{URGENT_GUIDANCE_QUERY[asked.urgency or Urgency.SIGN]}: {asked.dense_query}",
        lexical_query=f"{asked.lexical_query} {URGENT_GUIDANCE_QUERY[asked.urgency or Urgency.SIGN]}",
        breed=asked.breed,
        species=asked.species,
        kind=asked.kind,
        urgency=asked.urgency,
        subject_words=asked.subject_words,
    )
    extra = await _retrieve(rag, guidance_query, top_k=2 * CANDIDATE_PASSAGES, threshold=0.0)
    pool = list({chunk.id: chunk for chunk in [*chunks, *extra]}.values())
    guidance, facts = await asyncio.to_thread(
        urgent_sentences,
        rag,
        question=asked.text,
        kind=asked.kind if asked.kind in (AskedFor.CAUSE, AskedFor.SIGN, AskedFor.TIME) else AskedFor.CAUSE,
        query=asked.dense_query,
        chunks=pool,
        breed_labels=_labels(rag, asked.breed),
        subject_words=asked.subject_words,
        vectors=rag.sentence_vectors,
        urgent_terms=expanded_terms(urgent_words(asked.text)),
    )
    chosen = [*guidance, *facts]
    degraded: list[str] = []
    if chosen:
        selected = list(dict.fromkeys(sentence.chunk for sentence in chosen))
        passages = [pool[index] for index in selected]
        reply = await generate_with_llm(
            rag,
            prompt_template=URGENT_QA_PROMPT,
            timeout=deadline - time.monotonic() - EXTRACTIVE_RESERVE_SECONDS,
            context=numbered_context(passages),
            question=asked.text,
            lead=lead,
        )
        if reply is not None and LLM_ABSTAIN_TOKEN not in reply:
            cited = cite_used(reply, passages)
            if cited.chunks:
                return _cited(CitedAnswer(text=f"{lead} {cited.text}", chunks=cited.chunks), degraded=[])
        degraded = [LLM_DEGRADED]
        written = extractive_text(chosen, pool)
        return _cited(CitedAnswer(text=f"{lead} {written.text}", chunks=written.chunks), degraded=degraded)
    return RagAnswer(answer=f"{lead} {URGENT_NOTHING_MORE}", answered=True, sources=[], degraded=degraded)


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
