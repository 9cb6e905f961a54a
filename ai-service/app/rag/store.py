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

from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings
from filelock import FileLock

from app.rag.constants import COLLECTION_METADATA, COLLECTION_NAME, WRITE_LOCK_FILENAME, WRITE_LOCK_TIMEOUT_SECONDS

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
        self.staging().upsert(
            ids=list(ids),
            documents=list(texts),
            embeddings=np.asarray(embeddings, dtype=np.float32),
            metadatas=list(metadatas),
        )

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
        return len(staged["ids"])

    def delete_staged(self, document_id: str) -> None:
        self.staging().delete(where={"document_id": document_id})

    def count(self) -> int:
        return self.collection().count()

    def upsert(
        self,
        *,
        ids: Sequence[str],
        texts: Sequence[str],
        embeddings: Sequence[Sequence[float]],
        metadatas: Sequence[dict[str, Any]],
    ) -> None:
        self.collection().upsert(
            ids=list(ids),
            documents=list(texts),
            embeddings=np.asarray(embeddings, dtype=np.float32),
            metadatas=list(metadatas),
        )

    def delete_document(self, document_id: str) -> None:
        self.collection().delete(where={"document_id": document_id})

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
