"""The Chroma collection `pet_knowledge`, embedded (one machine) or on a Chroma server (a cluster).

Embedded (the default): a PersistentClient on CHROMA_PERSIST_DIR. Two uvicorn workers share that
directory and Chroma's PersistentClient is not designed for concurrent writers in separate processes,
so every write (ingest, delete) holds a file lock next to the store; reads need no lock.

Server (CHROMA_HOST set): an HttpClient to `chroma run`; the server serialises writes itself, so any
number of ai-service replicas write without a lock, and nothing of the knowledge base is local.

Either way each operation re-opens the collection by name, so a worker sees what another one wrote.

Ingestion jobs embed into a second collection, `{name}_staging`, batch by batch, and copy a document into
the searchable collection only when all of it is embedded (`publish`): queries never see half a document,
a job resumed after a killed worker skips the chunks already staged, and a cancel deletes both.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings
from filelock import FileLock

from app.rag.constants import (
    COLLECTION_METADATA,
    COLLECTION_NAME,
    VERSION_COLLECTION_SUFFIX,
    WRITE_LOCK_FILENAME,
    WRITE_LOCK_TIMEOUT_SECONDS,
)

DEFAULT_CHROMA_PORT = 8000  # what `chroma run` listens on


@dataclass(frozen=True, slots=True)
class StoredChunk:
    id: str
    text: str
    metadata: dict[str, Any]
    score: float  # cosine similarity, 1.0 = identical direction


def _client_settings() -> ChromaSettings:
    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


class KnowledgeStore:
    """`persist_dir` alone: embedded; `host` (and `port`): a Chroma server, `persist_dir` unused."""

    def __init__(
        self,
        persist_dir: str | Path | None = None,
        *,
        host: str | None = None,
        port: int = DEFAULT_CHROMA_PORT,
        collection_name: str = COLLECTION_NAME,
    ) -> None:
        self.collection_name = collection_name
        self.persist_dir: Path | None = None
        self._lock: FileLock | None = None
        if host:
            self.client = chromadb.HttpClient(host=host, port=port, settings=_client_settings())
        else:
            if persist_dir is None:
                raise ValueError("KnowledgeStore needs a persist_dir (embedded) or a host (Chroma server)")
            self.persist_dir = Path(persist_dir)
            self.persist_dir.mkdir(parents=True, exist_ok=True)
            self.client = chromadb.PersistentClient(path=str(self.persist_dir), settings=_client_settings())
            self._lock = FileLock(str(self.persist_dir / WRITE_LOCK_FILENAME), timeout=WRITE_LOCK_TIMEOUT_SECONDS)
        self.collection()

    @property
    def is_server(self) -> bool:
        return self._lock is None

    def collection(self) -> chromadb.Collection:
        return self.client.get_or_create_collection(self.collection_name, metadata=COLLECTION_METADATA)

    @contextmanager
    def write_lock(self) -> Iterator[None]:
        """The cross-process file lock in embedded mode; nothing in server mode (the server serialises writes)."""
        with self._lock if self._lock is not None else nullcontext():
            yield

    def staging(self) -> chromadb.Collection:
        return self.client.get_or_create_collection(f"{self.collection_name}_staging", metadata=COLLECTION_METADATA)

    def stage(
        self,
        *,
        ids: Sequence[str],
        texts: Sequence[str],
        embeddings: Sequence[Sequence[float]],
        metadatas: Sequence[dict[str, Any]],
    ) -> None:
        _upsert_chunks(self.staging(), ids=ids, texts=texts, embeddings=embeddings, metadatas=metadatas)

    def staged_ids(self, document_id: str) -> set[str]:
        return set(self.staging().get(where={"document_id": document_id}, include=[])["ids"])

    def publish(self, document_id: str) -> int:
        """Copy a document's staged chunks into the searchable collection (same ids: a repeat is a no-op)."""
        staged = self.staging().get(
            where={"document_id": document_id}, include=["documents", "embeddings", "metadatas"]
        )
        if staged["ids"]:
            self.collection().upsert(
                ids=staged["ids"],
                documents=staged["documents"],
                embeddings=staged["embeddings"],
                metadatas=staged["metadatas"],
            )
            self.mark_changed()  # the query side's BM25 index and vocabulary rebuild in every process
        return len(staged["ids"])

    def delete_staged(self, document_id: str) -> None:
        self.staging().delete(where={"document_id": document_id})

    def count(self) -> int:
        return self.collection().count()

    def _version_collection(self) -> chromadb.Collection:
        return self.client.get_or_create_collection(self.collection_name + VERSION_COLLECTION_SUFFIX)

    def mark_changed(self) -> str:
        """Record that the knowledge base changed: a new random version token, seen by every process and replica
        (it lives in Chroma beside the chunks). Query-side caches (the BM25 index, the gate's vocabulary)
        rebuild when the token differs from the one they were built at."""
        token = uuid.uuid4().hex
        self._version_collection().upsert(
            ids=["version"], embeddings=np.zeros((1, 1), dtype=np.float32), metadatas=[{"token": token}]
        )
        return token

    def version(self) -> str:
        """The knowledge base's current version token ("" before the first change) and its chunk count."""
        found = self._version_collection().get(ids=["version"], include=["metadatas"])
        metadatas = found.get("metadatas") or []
        token = str(metadatas[0].get("token", "")) if metadatas and metadatas[0] else ""
        return f"{token}:{self.count()}"

    def all_chunks(self, *, batch_size: int = 5000) -> tuple[list[str], list[str], list[dict[str, Any]]]:
        """Every chunk's id, text and metadata, read in pages.

        One `get` of 100k rows exceeds SQLite's variable limit."""
        collection = self.collection()
        ids: list[str] = []
        texts: list[str] = []
        metadatas: list[dict[str, Any]] = []
        offset = 0
        while True:
            page = collection.get(include=["documents", "metadatas"], limit=batch_size, offset=offset)
            if not page["ids"]:
                break
            ids.extend(page["ids"])
            texts.extend(text or "" for text in (page.get("documents") or [""] * len(page["ids"])))
            metadatas.extend(dict(meta or {}) for meta in (page.get("metadatas") or [{}] * len(page["ids"])))
            offset += len(page["ids"])
            if len(page["ids"]) < batch_size:
                break
        return ids, texts, metadatas

    def get_chunks_with_vectors(self, ids: Sequence[str]) -> tuple[list[StoredChunk], np.ndarray]:
        """Chunks by id (score 0) and their unit-length embeddings, one row per chunk."""
        if not ids:
            return [], np.zeros((0, 0), dtype=np.float32)
        found = self.collection().get(ids=list(ids), include=["documents", "metadatas", "embeddings"])
        count = len(found["ids"])
        texts = found.get("documents") or [""] * count
        metadatas = found.get("metadatas") or [{}] * count
        raw = np.asarray(found.get("embeddings"), dtype=np.float32).reshape(count, -1)
        norms = np.linalg.norm(raw, axis=1, keepdims=True)
        matrix: np.ndarray = (raw / np.where(norms == 0, 1.0, norms)).astype(np.float32)
        chunks = [
            StoredChunk(id=chunk_id, text=texts[index] or "", metadata=dict(metadatas[index] or {}), score=0.0)
            for index, chunk_id in enumerate(found["ids"])
        ]
        return chunks, matrix

    def get_chunks(self, ids: Sequence[str], query_embedding: Sequence[float] | None = None) -> list[StoredChunk]:
        """Chunks by id (in that order, missing ones left out), scored by cosine with `query_embedding` if given."""
        if not ids:
            return []
        found = self.collection().get(ids=list(ids), include=["documents", "metadatas", "embeddings"])
        vector = np.asarray(query_embedding, dtype=np.float32) if query_embedding is not None else None
        by_id: dict[str, StoredChunk] = {}
        embeddings = found.get("embeddings")
        for index, chunk_id in enumerate(found["ids"]):
            score = 0.0
            if vector is not None and embeddings is not None:
                stored = np.asarray(embeddings[index], dtype=np.float32)
                norm = float(np.linalg.norm(stored) * np.linalg.norm(vector)) or 1.0
                score = round(float(stored @ vector) / norm, 4)
            by_id[chunk_id] = StoredChunk(
                id=chunk_id,
                text=(found["documents"] or [""] * len(found["ids"]))[index] or "",
                metadata=dict((found["metadatas"] or [{}] * len(found["ids"]))[index] or {}),
                score=score,
            )
        return [by_id[chunk_id] for chunk_id in ids if chunk_id in by_id]

    def upsert(
        self,
        *,
        ids: Sequence[str],
        texts: Sequence[str],
        embeddings: Sequence[Sequence[float]],
        metadatas: Sequence[dict[str, Any]],
    ) -> None:
        _upsert_chunks(self.collection(), ids=ids, texts=texts, embeddings=embeddings, metadatas=metadatas)
        self.mark_changed()

    def delete_document(self, document_id: str) -> None:
        self.collection().delete(where={"document_id": document_id})
        self.mark_changed()

    def ids_for_document(self, document_id: str) -> list[str]:
        return list(self.collection().get(where={"document_id": document_id}, include=[])["ids"])

    def query(
        self, embedding: Sequence[float], *, top_k: int, where: dict[str, Any] | None = None
    ) -> list[StoredChunk]:
        collection = self.collection()
        if collection.count() == 0:
            return []
        result = collection.query(
            query_embeddings=np.asarray([embedding], dtype=np.float32),
            n_results=top_k,
            where=where or None,
            include=["documents", "metadatas", "distances"],
        )
        chunks: list[StoredChunk] = []
        ids, texts = result["ids"][0], (result["documents"] or [[]])[0]
        metadatas, distances = (result["metadatas"] or [[]])[0], (result["distances"] or [[]])[0]
        for chunk_id, text, metadata, distance in zip(ids, texts, metadatas, distances, strict=True):
            chunks.append(
                StoredChunk(
                    id=chunk_id, text=text or "", metadata=dict(metadata or {}), score=round(1.0 - float(distance), 4)
                )
            )
        return chunks


def _upsert_chunks(
    collection: chromadb.Collection,
    *,
    ids: Sequence[str],
    texts: Sequence[str],
    embeddings: Sequence[Sequence[float]],
    metadatas: Sequence[dict[str, Any]],
) -> None:
    collection.upsert(
        ids=list(ids),
        documents=list(texts),
        embeddings=np.asarray(embeddings, dtype=np.float32),
        metadatas=list(metadatas),
    )
