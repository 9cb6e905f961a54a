"""Embed a question and fetch the closest chunks, filtered by breed or species when known."""

from __future__ import annotations

import asyncio
from typing import Any

from app.rag.constants import (
    ALL_SPECIES,
    ANSWER_THRESHOLD,
    EXCERPT_CHARS,
    PASSAGE_SCORE_GAP,
    RANKING_DEPTH,
    RELEVANCE_THRESHOLD,
)
from app.rag.relevance import plain_words, relevance
from app.rag.runtime import RagRuntime
from app.rag.schemas import Source
from app.rag.store import StoredChunk


def breed_or_general_filter(breed_labels: list[str] | None, species: str | None) -> dict[str, Any] | None:
    """The breed's own chunks plus general chunks for its species; or the species' chunks; or everything."""
    species_clause: dict[str, Any] | None = {"species": {"$in": [species, ALL_SPECIES]}} if species else None
    if breed_labels:
        general: dict[str, Any] = {"$and": [{"breed": ""}, species_clause]} if species_clause else {"breed": ""}
        return {"$or": [{"breed": {"$in": breed_labels}}, general]}
    return species_clause


def excerpt(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    flat = " ".join(" ".join(lines).split())
    return flat if len(flat) <= EXCERPT_CHARS else flat[: EXCERPT_CHARS - 1].rsplit(" ", 1)[0] + "…"


def to_source(chunk: StoredChunk) -> Source:
    meta = chunk.metadata
    return Source(
        document_id=str(meta.get("document_id", "")),
        title=str(meta.get("title", "")),
        source=str(meta.get("source", "")),
        document_type=str(meta.get("document_type", "")),
        chunk_index=int(meta.get("chunk_index", 0)),
        score=chunk.score,
        excerpt=excerpt(chunk.text),
    )


async def embed_query(rag: RagRuntime, text: str) -> list[float]:
    return await asyncio.to_thread(rag.embed_model.get_query_embedding, text)


def resolve_subject(
    rag: RagRuntime, *, question: str, breed: str | None, species: str | None
) -> tuple[str | None, str | None]:
    """The breed and species a question is about: as given, else as named in the question."""
    if breed:
        canonical = rag.matcher.canonical(breed) or breed.strip()
        return canonical, species or rag.matcher.species_of(canonical)
    inferred = rag.matcher.in_question(question)
    return inferred.breed, species or inferred.species


async def ranked_documents(
    rag: RagRuntime, *, query: str, breed: str | None, species: str | None, depth: int = RANKING_DEPTH
) -> list[tuple[str, float]]:
    """Distinct documents (source file names) in the order retrieval ranks them.

    Each with its best score, before any threshold.
    """
    breed, species = resolve_subject(rag, question=query, breed=breed, species=species)
    query = plain_words(query)
    chunks = await retrieve_chunks(rag, query=query, breed=breed, species=species, top_k=depth, threshold=-1.0)
    best: dict[str, float] = {}
    for chunk in chunks:
        source = str(chunk.metadata.get("source", ""))
        best[source] = max(best.get(source, -1.0), chunk.score)
    return sorted(best.items(), key=lambda item: -item[1])


async def retrieve_chunks(
    rag: RagRuntime,
    *,
    query: str,
    breed: str | None,
    species: str | None,
    top_k: int,
    where: dict[str, Any] | None = None,
    threshold: float = RELEVANCE_THRESHOLD,
) -> list[StoredChunk]:
    """Chunks scoring at least `threshold`, best first. `where` overrides the breed/species filter."""
    vector = await embed_query(rag, query)
    where = (
        where
        if where is not None
        else breed_or_general_filter(rag.matcher.labels_for(breed) if breed else None, species)
    )
    chunks = await asyncio.to_thread(rag.store.query, vector, top_k=top_k, where=where)
    return [chunk for chunk in chunks if chunk.score >= threshold]


async def question_relevance(rag: RagRuntime, *, question: str, breed: str | None, species: str | None) -> float:
    """The value the answer gate compares with ANSWER_THRESHOLD (for calibration and the evaluation)."""
    question = plain_words(question)
    breed, species = resolve_subject(rag, question=question, breed=breed, species=species)
    chunks = await retrieve_chunks(rag, query=question, breed=breed, species=species, top_k=1, threshold=-1.0)
    if not chunks:
        return 0.0
    await asyncio.to_thread(rag.vocabulary.refresh, rag.store)
    return round(relevance(chunks[0].score, rag.vocabulary.unknown_share(question)), 4)


async def relevant_chunks(
    rag: RagRuntime, *, question: str, breed: str | None, species: str | None, top_k: int
) -> list[StoredChunk]:
    """The passages to answer from, best first; empty when the best one is not relevant enough to answer at all."""
    chunks = await retrieve_chunks(
        rag, query=question, breed=breed, species=species, top_k=top_k, threshold=RELEVANCE_THRESHOLD
    )
    if not chunks:
        return []
    await asyncio.to_thread(rag.vocabulary.refresh, rag.store)
    best = chunks[0].score
    if relevance(best, rag.vocabulary.unknown_share(question)) < ANSWER_THRESHOLD:
        return []
    return [chunk for chunk in chunks if chunk.score >= best - PASSAGE_SCORE_GAP]
