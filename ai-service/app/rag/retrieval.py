"""Embed a question and fetch the closest chunks, filtered by breed or species when known."""

from __future__ import annotations

import asyncio
from typing import Any

from app.rag.constants import ALL_SPECIES, EXCERPT_CHARS, RELEVANCE_THRESHOLD
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
    where = where if where is not None else breed_or_general_filter(rag.matcher.labels_for(breed) if breed else None, species)
    chunks = await asyncio.to_thread(rag.store.query, vector, top_k=top_k, where=where)
    return [chunk for chunk in chunks if chunk.score >= threshold]
