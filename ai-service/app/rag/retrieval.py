"""Embed a question and fetch the closest chunks, filtered by breed or species when known."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import numpy as np

from app.rag.constants import (
    ALL_SPECIES,
    DENSE_OVERSAMPLE,
    EXCERPT_CHARS,
    RANKING_DEPTH,
    RELEVANCE_THRESHOLD,
    RRF_K,
)
from app.rag.owner_language import expanded_terms, plain_words
from app.rag.relevance import relevance
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
    lexical = expanded_terms(rag.matcher.with_breed_names(query))
    query = rag.matcher.with_breed_names(plain_words(query))
    chunks = await retrieve_chunks(
        rag, query=query, lexical_query=lexical, breed=breed, species=species, top_k=depth, threshold=-1.0
    )
    best: dict[str, float] = {}
    for chunk in chunks:
        source = str(chunk.metadata.get("source", ""))
        best[source] = max(best.get(source, -1.0), chunk.score)
    return sorted(best.items(), key=lambda item: -item[1])


def _allowed(chunk: StoredChunk, breed_labels: list[str] | None, species: str | None) -> bool:
    """What breed_or_general_filter lets through, checked on a chunk already fetched."""
    chunk_breed = str(chunk.metadata.get("breed", ""))
    chunk_species = str(chunk.metadata.get("species", ""))
    if breed_labels and chunk_breed in breed_labels:
        return True
    if breed_labels and chunk_breed:
        return False
    return not species or chunk_species in (species, ALL_SPECIES)


def dense_search(
    rag: RagRuntime, vector: list[float], *, breed_labels: list[str] | None, species: str | None, top_k: int
) -> list[StoredChunk]:
    """The closest chunks under the breed/species filter, best first (CPU and I/O: call in a thread).

    Chroma applies any metadata filter by scanning its metadata table before the vector search (at 100k
    chunks: ~180 ms for a one-breed filter, ~870 ms for breed-or-general). So the breed's own chunks are
    fetched by id (the BM25 index knows them) and scored here, and the general chunks come from the
    unfiltered HNSW search, over-fetched and filtered here; only when that leaves too few does the
    filtered Chroma query run."""
    store = rag.store
    if not breed_labels and not species:
        return store.query(vector, top_k=top_k)
    rag.lexical.refresh(store)
    own: list[StoredChunk] = []
    if breed_labels:
        candidates, matrix = rag.lexical.breed_chunks(store, breed_labels)
        if candidates:
            query = np.asarray(vector, dtype=np.float32)
            scores = matrix @ (query / (float(np.linalg.norm(query)) or 1.0))
            best = np.argsort(-scores)[:top_k]
            own = [dataclasses.replace(candidates[int(i)], score=round(float(scores[int(i)]), 4)) for i in best]
    depth = top_k * DENSE_OVERSAMPLE
    general = [chunk for chunk in store.query(vector, top_k=depth) if _allowed(chunk, breed_labels, species)]
    if len(general) < top_k and store.count() > depth:
        general = store.query(vector, top_k=top_k, where=breed_or_general_filter(breed_labels, species))
    merged = {chunk.id: chunk for chunk in [*own, *general]}
    return sorted(merged.values(), key=lambda chunk: -chunk.score)[:top_k]


def fuse(dense: list[StoredChunk], lexical_ids: list[str]) -> list[str]:
    """Reciprocal rank fusion of the dense and the BM25 ranking: ids, best first."""
    scores: dict[str, float] = {}
    for ranking in ([chunk.id for chunk in dense], lexical_ids):
        for rank, chunk_id in enumerate(ranking, start=1):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank)
    return sorted(scores, key=lambda chunk_id: -scores[chunk_id])


def hybrid_search(
    rag: RagRuntime,
    *,
    dense_query: str,
    lexical_query: str,
    breed_labels: list[str] | None,
    species: str | None,
    top_k: int,
) -> list[StoredChunk]:
    """Dense and BM25 results fused by reciprocal rank; each chunk scored by its cosine with the question
    (CPU work: call in a thread)."""
    vector = rag.sentence_vectors.query_vector(rag.embed_model, dense_query).tolist()
    depth = max(top_k, RANKING_DEPTH)
    dense = dense_search(rag, vector, breed_labels=breed_labels, species=species, top_k=depth)
    rag.lexical.refresh(rag.store)
    lexical = rag.lexical.search(lexical_query, breed_labels=breed_labels, species=species, top_k=depth)
    order = fuse(dense, [hit.id for hit in lexical])[:depth]
    known = {chunk.id: chunk for chunk in dense}
    missing = [chunk_id for chunk_id in order if chunk_id not in known]
    known.update({chunk.id: chunk for chunk in rag.store.get_chunks(missing, vector)})
    return [known[chunk_id] for chunk_id in order if chunk_id in known][:top_k]


async def retrieve_chunks(
    rag: RagRuntime,
    *,
    query: str,
    breed: str | None,
    species: str | None,
    top_k: int,
    where: dict[str, Any] | None = None,
    threshold: float = RELEVANCE_THRESHOLD,
    lexical_query: str | None = None,
) -> list[StoredChunk]:
    """Chunks scoring at least `threshold` (cosine), in fused order (dense + BM25).

    `where` overrides the breed/species filter (then the search is dense only)."""
    if where is not None:
        vector = await embed_query(rag, query)
        chunks = await asyncio.to_thread(rag.store.query, vector, top_k=top_k, where=where)
    else:
        chunks = await asyncio.to_thread(
            hybrid_search,
            rag,
            dense_query=query,
            lexical_query=lexical_query or query,
            breed_labels=rag.matcher.labels_for(breed) if breed else None,
            species=species,
            top_k=top_k,
        )
    return [chunk for chunk in chunks if chunk.score >= threshold]


async def question_relevance(rag: RagRuntime, *, question: str, breed: str | None, species: str | None) -> float:
    """The value the answer gate compares with ANSWER_THRESHOLD (for calibration and the evaluation)."""
    breed, species = resolve_subject(rag, question=question, breed=breed, species=species)
    lexical = expanded_terms(rag.matcher.with_breed_names(question))
    question = rag.matcher.with_breed_names(plain_words(question))
    chunks = await retrieve_chunks(
        rag, query=question, lexical_query=lexical, breed=breed, species=species, top_k=6, threshold=-1.0
    )
    if not chunks:
        return 0.0
    await asyncio.to_thread(rag.vocabulary.refresh, rag.store)
    return round(relevance(max(chunk.score for chunk in chunks), rag.vocabulary.unknown_share(question)), 4)
