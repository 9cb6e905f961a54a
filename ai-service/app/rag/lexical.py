"""The BM25 side of hybrid retrieval: LlamaIndex's BM25Retriever (bm25s) over every stored chunk.

The index is built from the Chroma collection (text with its guide's title, so a breed's name finds its
guide) and follows the knowledge base's version token (`KnowledgeStore.version`, changed by every
upsert/delete and by `KnowledgeStore.mark_changed`): the first query after a change rebuilds it, in any
process or replica. Breed/species filtering is a weight mask over the corpus, built with numpy from
integer-coded metadata (cached per filter), so a filtered query costs the same as an unfiltered one.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from app.rag.constants import ALL_SPECIES, KB_VERSION_CHECK_SECONDS

if TYPE_CHECKING:
    from app.rag.store import KnowledgeStore, StoredChunk

_MASK_CACHE_SIZE = 64


@dataclass(frozen=True, slots=True)
class LexicalHit:
    id: str
    score: float


class LexicalIndex:
    def __init__(self) -> None:
        self._bm25: Any = None  # bm25s.BM25, built by llama_index.retrievers.bm25.BM25Retriever
        self._stemmer: Any = None
        self._ids: list[str] = []
        self._breed_codes = np.zeros(0, dtype=np.int32)
        self._species_codes = np.zeros(0, dtype=np.int32)
        self._breed_index: dict[str, int] = {}
        self._species_index: dict[str, int] = {}
        self._masks: OrderedDict[tuple[Any, ...], np.ndarray] = OrderedDict()
        self._breed_cache: dict[tuple[str, ...], tuple[list[StoredChunk], np.ndarray]] = {}
        self._version: str | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()

    @property
    def version(self) -> str | None:
        return self._version

    def refresh(self, store: KnowledgeStore, *, force: bool = False) -> None:
        """Rebuild when the knowledge base's version changed (checked at most every KB_VERSION_CHECK_SECONDS)."""
        now = time.monotonic()
        if not force and self._version is not None and now - self._checked_at < KB_VERSION_CHECK_SECONDS:
            return
        version = store.version()
        self._checked_at = now
        if version == self._version and not force:
            return
        with self._lock:
            if version != self._version or force:
                self._build(store, version)

    def _build(self, store: KnowledgeStore, version: str) -> None:
        ids, texts, metadatas = store.all_chunks()
        self._masks.clear()
        self._breed_cache = {}
        if not ids:
            self._bm25, self._ids, self._version = None, [], version
            return
        from llama_index.core.schema import BaseNode, TextNode
        from llama_index.retrievers.bm25 import BM25Retriever

        nodes: list[BaseNode] = [
            TextNode(id_=chunk_id, text=f"{(meta or {}).get('title', '')}\n{text or ''}")
            for chunk_id, text, meta in zip(ids, texts, metadatas, strict=True)
        ]
        retriever = BM25Retriever.from_defaults(nodes=nodes, similarity_top_k=1, language="en")
        breed_index: dict[str, int] = {}
        species_index: dict[str, int] = {}
        breed_codes = np.fromiter(
            (breed_index.setdefault(str((meta or {}).get("breed", "")), len(breed_index)) for meta in metadatas),
            dtype=np.int32,
            count=len(ids),
        )
        species_codes = np.fromiter(
            (species_index.setdefault(str((meta or {}).get("species", "")), len(species_index)) for meta in metadatas),
            dtype=np.int32,
            count=len(ids),
        )
        self._bm25, self._stemmer = retriever.bm25, retriever.stemmer
        self._ids, self._breed_codes, self._species_codes = ids, breed_codes, species_codes
        self._breed_index, self._species_index = breed_index, species_index
        self._version = version

    def breed_chunks(self, store: KnowledgeStore, breed_labels: list[str]) -> tuple[list[StoredChunk], np.ndarray]:
        """The chunks stored under these breed labels with their unit vectors, cached until the knowledge base
        changes (a breed's guide is fetched from Chroma once, then scored in memory)."""
        key = ("breed", *sorted(breed_labels))
        cached = self._breed_cache.get(key)
        if cached is None:
            chunks, vectors = store.get_chunks_with_vectors(self.ids_of_breeds(breed_labels))
            cached = (chunks, vectors)
            self._breed_cache[key] = cached
            if len(self._breed_cache) > _MASK_CACHE_SIZE:
                self._breed_cache.pop(next(iter(self._breed_cache)))
        return cached

    def ids_of_breeds(self, breed_labels: list[str]) -> list[str]:
        """The ids of the chunks stored under these breed labels (from the index's metadata, no store query)."""
        codes = [self._breed_index[label] for label in breed_labels if label in self._breed_index]
        if not codes:
            return []
        return [self._ids[int(index)] for index in np.flatnonzero(np.isin(self._breed_codes, codes))]

    def _mask(self, breed_labels: list[str] | None, species: str | None) -> np.ndarray | None:
        """1.0 for the breed's chunks and general chunks of its species (or the species' chunks), else 0."""
        if not breed_labels and not species:
            return None
        key = (tuple(sorted(breed_labels or [])), species)
        cached = self._masks.get(key)
        if cached is not None:
            self._masks.move_to_end(key)
            return cached
        species_codes = [self._species_index[name] for name in (species, ALL_SPECIES) if name in self._species_index]
        of_species = np.isin(self._species_codes, species_codes) if species else np.ones(len(self._ids), dtype=bool)
        if breed_labels:
            breed_codes = [self._breed_index[label] for label in breed_labels if label in self._breed_index]
            general = self._breed_codes == self._breed_index.get("", -1)
            mask = np.isin(self._breed_codes, breed_codes) | (general & of_species)
        else:
            mask = of_species
        weights: np.ndarray = np.asarray(mask, dtype=np.float32)
        self._masks[key] = weights
        if len(self._masks) > _MASK_CACHE_SIZE:
            self._masks.popitem(last=False)
        return weights

    def search(
        self, query: str, *, breed_labels: list[str] | None, species: str | None, top_k: int
    ) -> list[LexicalHit]:
        """The best chunks for `query` by BM25, best first (only chunks sharing a word with it)."""
        bm25, ids = self._bm25, self._ids
        if bm25 is None or not ids:
            return []
        import bm25s

        mask = self._mask(breed_labels, species)
        tokens = bm25s.tokenize(query, stopwords="en", stemmer=self._stemmer, show_progress=False)
        if not tokens.vocab:
            return []
        k = min(top_k, len(ids))
        indexes, scores = bm25.retrieve(tokens, k=k, weight_mask=mask, show_progress=False, n_threads=1)
        return [
            LexicalHit(ids[int(index)], float(score))
            for index, score in zip(indexes[0], scores[0], strict=True)
            if float(score) > 0.0
        ]
